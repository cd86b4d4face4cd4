// The cost of column lineage on a synthetic project: documentProject with --check (nothing
// written, so both runs see the same files), lineage off then on, each in a fresh process.
//   npm run build && node bench/lineage-speed.mjs [models, default 10000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate-project.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const size = Number(process.argv[2] ?? 10000);
const dir = mkdtempSync(join(tmpdir(), 'osmosis-lineage-speed-'));
try {
  const project = generateProject(join(dir, 'p'), { models: size });
  const run = (lineage) => {
    const started = performance.now();
    const child = spawnSync(process.execPath, [join(here, 'measure.mjs'), 'check', project.dir, join(here, '../dist/index.js')], { encoding: 'utf8', env: { ...process.env, BENCH_LINEAGE: lineage }, maxBuffer: 64 * 1024 * 1024 });
    const line = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}');
    return { lineage, documentMs: Math.round(line.ms), processMs: Math.round(performance.now() - started), maxRssMb: line.maxRssKb ? Math.round(line.maxRssKb / 1024) : undefined, inherited: line.columnsInherited, error: line.error };
  };
  const off = run('off');
  const on = run('on');
  console.log(JSON.stringify({ models: project.models, columns: project.columns, off, on, ratio: +(on.documentMs / off.documentMs).toFixed(2) }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
