import { writeFileAtomic } from '../yaml/write-files.js';
import { readStore } from './read-store.js';
import { ReviewError } from './review-error.js';
import type { StorePaths } from './store-paths.js';
import { withStoreLock } from './with-store-lock.js';

/**
 * Rewrites proposals.jsonl with one line per proposal (its current state). The history stays in
 * audit.jsonl, which is never rewritten. Refused while the store has unreadable lines: they would
 * be lost, so a person decides about them first.
 */
export async function compactStore(paths: StorePaths): Promise<{ before: number; after: number }> {
  return withStoreLock(paths.lock, async () => {
    const state = await readStore(paths);
    const bad = state.diagnostics.filter((d) => d.file.endsWith('proposals.jsonl'));
    if (bad.length > 0) {
      const lines = bad.map((d) => d.line).join(', ');
      throw new ReviewError('review-compact-bad-lines', `${paths.proposals}: line(s) ${lines} cannot be read; fix or delete them before compacting (nothing was changed).`, { file: paths.proposals });
    }
    const { readFile } = await import('node:fs/promises');
    const before = (await readFile(paths.proposals, 'utf8').catch(() => '')).split('\n').filter((l) => l.trim() !== '').length;
    const text = state.proposals.map((p) => JSON.stringify(p)).join('\n');
    await writeFileAtomic(paths.proposals, text === '' ? '' : `${text}\n`);
    return { before, after: state.proposals.length };
  });
}
