import { DEFAULT_PLACEHOLDERS } from '../config/types.js';
import { placeholderSet } from '../inheritance/doc-state.js';
import { loadProject } from '../project/load-project.js';
import { actOnProposals } from './act-on-proposals.js';
import { appendJsonLines } from './append-lines.js';
import { applyProposals } from './apply-proposals.js';
import { countDocumented } from './count-documented.js';
import { emptyCursors, readStore, withHistory, type StoreState } from './read-store.js';
import { rollbackProposals } from './rollback-proposals.js';
import { storePaths } from './store-paths.js';
import type { ReviewStore, ReviewStoreOptions } from './types.js';
import { withStoreLock } from './with-store-lock.js';
import { nodeFileSystem } from '../node-ports.js';

/**
 * The review store of a project (`.osmosis/` in its folder). Every change runs under the store
 * lock and is appended before it is returned: what a caller shows as done is on disk.
 */
export async function openReviewStore(options: ReviewStoreOptions): Promise<ReviewStore> {
  const paths = storePaths(options.projectDir);
  // The page's server keeps one store for its whole run: each read parses only new lines.
  const cursors = emptyCursors();
  // Reads advance the shared cursors, so they run one after another, never two at once.
  let reading: Promise<unknown> = Promise.resolve();
  const read = (): Promise<StoreState> => {
    const next = reading.then(() => readStore(paths, cursors));
    reading = next.catch(() => undefined);
    return next;
  };
  const now = (): string => new Date().toISOString();
  return {
    async list() {
      const state = await read();
      return { proposals: withHistory(state), diagnostics: state.diagnostics };
    },
    act(input) {
      return withStoreLock(paths.lock, async () => {
        const state = await read();
        const plan = actOnProposals(state.byId, input, now());
        await appendJsonLines(paths.proposals, plan.lines);
        await appendJsonLines(paths.audit, plan.audit);
        return { updated: plan.updated, conflicts: plan.conflicts, unknown: plan.unknown ?? [] };
      });
    },
    apply(input) {
      return withStoreLock(paths.lock, () => applyProposals(options, paths, input, now()));
    },
    rollback(input) {
      return withStoreLock(paths.lock, () => rollbackProposals(options, paths, input, now()));
    },
    async dashboard() {
      const state = await read();
      const project = loadProject(options, nodeFileSystem);
      const writable = new Map([...project.entries].filter(([id]) => project.manifest.nodes.get(id)?.packageName === project.writablePackage));
      return countDocumented({ entries: writable, proposals: state.proposals, placeholders: placeholderSet(options.placeholders ?? DEFAULT_PLACEHOLDERS) });
    },
  };
}
