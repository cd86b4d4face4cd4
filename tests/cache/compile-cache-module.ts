import { execFileSync } from 'node:child_process';
import { mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Compiles src/cache/response-cache.ts (and what it imports) into a temporary directory, so
 * child processes run the current source of the module under test rather than a stale dist/.
 * node_modules is linked beside it so its bare imports resolve.
 */
export async function compileCacheModule(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'osmosis-cache-build-'));
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '--ignoreConfig',
      ...['--outDir', join(dir, 'out'), '--rootDir', join(root, 'src')],
      ...['--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'],
      ...['--strict', '--skipLibCheck', '--types', 'node'],
      join(root, 'src', 'cache', 'response-cache.ts'),
    ],
    { cwd: root, stdio: 'pipe' },
  );
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await writeFile(join(dir, 'writer.mjs'), WRITER);
  return dir;
}

/**
 * `node writer.mjs <cache> <prefix> <count> [otherPrefix]`: sets `<prefix>-<i>` for i < count,
 * printing i once each set has resolved; with otherPrefix it also reads the other writer's keys.
 */
const WRITER = `
import { openResponseCache } from './out/cache/response-cache.js';
const [path, prefix, count, other] = process.argv.slice(2);
const cache = await openResponseCache(path);
let seen = 0;
for (let i = 0; i < Number(count); i++) {
  await cache.set(prefix + '-' + i, {
    text: prefix + ' answer ' + i,
    object: { i },
    usage: { inputTokens: i, outputTokens: 1 },
    model: 'gpt-4o-mini',
    provider: 'openai',
    createdAt: Date.now(),
  });
  if (other !== undefined) {
    const hit = await cache.get(other + '-' + Math.floor(Math.random() * Number(count)));
    if (hit !== undefined) seen++;
  }
  process.stdout.write(i + '\\n');
}
await cache.close();
process.stderr.write('seen ' + seen + '\\n');
`;
