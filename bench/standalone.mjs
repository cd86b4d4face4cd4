// Lets a *.bench.mjs run on its own (`node bench/x.bench.mjs`): a temp work dir, the built
// library, the synthetic project generator; prints the rows and fails on a FAIL row.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs `run` when the calling module is the entry point. */
export async function runIfMain(moduleUrl, run, name) {
  if (process.argv[1] === undefined || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  const { generateProject } = await import('./generate-project.mjs');
  const workDir = mkdtempSync(join(tmpdir(), `osmosis-${name}-bench-`));
  try {
    const rows = await run({ workDir, repo, dist: process.env.BENCH_DIST ?? join(repo, 'dist/index.js'), generateProject, sizes: [] });
    console.log(JSON.stringify(rows, null, 2));
    if (rows.some((r) => r.pass === false)) process.exitCode = 1;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
