import { execFileSync } from 'node:child_process';
import { mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Compiles src/review/open-review-store.ts (and what it imports) into a temporary directory, so
 * child processes run the current source rather than a stale dist/; node_modules is linked
 * beside it. Returns the folder holding `actor.mjs`.
 */
export async function compileReviewModule(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'osmosis-review-build-'));
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '--ignoreConfig',
      ...['--outDir', join(dir, 'out'), '--rootDir', join(root, 'src')],
      ...['--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'],
      ...['--strict', '--skipLibCheck', '--types', 'node', '--resolveJsonModule'],
      join(root, 'src', 'review', 'open-review-store.ts'),
    ],
    { cwd: root, stdio: 'pipe' },
  );
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await writeFile(join(dir, 'actor.mjs'), ACTOR);
  return dir;
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
