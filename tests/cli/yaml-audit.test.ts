import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeMiniProject } from '../helpers/mini-project.js';
import { runCli } from '../helpers/run-cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** 5 columns, 3 documented; inheritance fills orders.customer_id; `extra` has no upstream; 'TBD' is a placeholder. */
function project(): string {
  const dir = writeMiniProject([
    { name: 'stg_orders', description: 'Orders as loaded', columns: [{ name: 'order_id', description: 'The order' }, { name: 'customer_id', description: 'Who ordered' }] },
    { name: 'orders', deps: ['stg_orders'], columns: [{ name: 'order_id', description: 'Own words' }, { name: 'customer_id', description: 'TBD' }], catalogOnly: [{ name: 'extra' }] },
  ]);
  dirs.push(dir);
  return dir;
}

describe('osmosis-ts yaml audit', () => {
  it('reports coverage per folder and type, now and after inheritance, and writes nothing', async () => {
    const dir = project();
    const before = readFileSync(path.join(dir, 'models/schema.yml'), 'utf8');
    const run = await runCli(['yaml', 'audit', '--placeholder', 'TBD'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^models\s+model\s+3\/5 60\.0%\s+4\/5 80\.0%\s+1\/2 50\.0%$/m);
    expect(run.stdout).toContain('Column coverage: 60.0%. `osmosis-ts yaml document` (inheritance alone, no LLM) would raise it to 80.0%.');
    expect(readFileSync(path.join(dir, 'models/schema.yml'), 'utf8')).toBe(before);
  });

  it('exits 1 below --min-coverage and 0 at or above it', async () => {
    const dir = project();
    const below = await runCli(['yaml', 'audit', '--placeholder', 'TBD', '--min-coverage', '70'], { cwd: dir });
    expect(below.code).toBe(1);
    expect(below.stdout).toContain('Column coverage 60.0% is below the required 70%.');
    const above = await runCli(['yaml', 'audit', '--placeholder', 'TBD', '--min-coverage', '60'], { cwd: dir });
    expect(above.code).toBe(0);
  });

  it('prints one JSON document with --format json', async () => {
    const run = await runCli(['yaml', 'audit', '--placeholder', 'TBD', '--format', 'json', '--min-coverage', '90'], { cwd: project() });
    const report = JSON.parse(run.stdout);
    expect(report.rows).toEqual([
      {
        folder: 'models',
        resourceType: 'model',
        now: { columns: 5, documentedColumns: 3, nodes: 2, describedNodes: 1 },
        afterInheritance: { columns: 5, documentedColumns: 4, nodes: 2, describedNodes: 1 },
      },
    ]);
    expect(report).toMatchObject({ coveragePercent: 60, minCoveragePercent: 90, exitCode: 1 });
    expect(run.code).toBe(1);
  });

  it('refuses a threshold that is not a percentage (exit 2)', async () => {
    const run = await runCli(['yaml', 'audit', '--min-coverage', 'most'], { cwd: project() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--min-coverage: expected a percentage from 0 to 100 (e.g. 80), got 'most'");
  });
});
