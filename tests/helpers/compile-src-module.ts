import { execFileSync } from 'node:child_process';
import { mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Compiles `src/<entry>` (and what it imports) into `<temp>/out`, so child processes run the
 * current source of the module under test rather than a stale dist/; node_modules is linked
 * beside it so bare imports resolve. `scripts` (file name → text) are written next to `out/`.
 * Returns the temp folder.
 */
export async function compileSrcModule(entry: string, scripts: Record<string, string>, tag: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `osmosis-${tag}-build-`));
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '--ignoreConfig',
      ...['--outDir', join(dir, 'out'), '--rootDir', join(root, 'src')],
      ...['--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2023'],
      ...['--strict', '--skipLibCheck', '--types', 'node', '--resolveJsonModule'],
      join(root, 'src', entry),
    ],
    { cwd: root, stdio: 'pipe' },
  );
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [name, text] of Object.entries(scripts)) await writeFile(join(dir, name), text);
  return dir;
}
