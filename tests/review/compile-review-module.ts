import { compileSrcModule } from '../helpers/compile-src-module.js';

/**
 * Compiles src/review/open-review-store.ts (and what it imports) so child processes run the
 * current source. Returns the folder holding `actor.mjs`.
 */
export function compileReviewModule(): Promise<string> {
  return compileSrcModule('review/open-review-store.ts', { 'actor.mjs': ACTOR }, 'review');
}

/**
 * `node actor.mjs <projectDir> <actor> <action> <id>[@revision] ...`: one `act` per id, each
 * with the revision given (or the one it reads just before), printing one JSON line per result.
 */
const ACTOR = `
import { openReviewStore } from './out/review/open-review-store.js';
const [projectDir, actor, action, ...items] = process.argv.slice(2);
const store = await openReviewStore({ projectDir });
for (const item of items) {
  const [id, rev] = item.split('@');
  let revision = Number(rev);
  if (rev === undefined) revision = (await store.list()).proposals.find((p) => p.id === id).revision;
  const result = await store.act({ actor, action, items: [{ id, revision }] });
  process.stdout.write(JSON.stringify({ id, updated: result.updated.length, conflicts: result.conflicts.length }) + '\\n');
}
`;
