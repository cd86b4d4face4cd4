import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanTemps, copyExample, runCli } from '../helpers/run-cli.js';

afterEach(cleanTemps);

const STAGING = 'models/staging/schema.yml';

describe('osmosis-ts yaml document (offline)', () => {
  it('inherits seed docs into staging, adds catalog columns, and a second run is clean', async () => {
    const dir = copyExample();
    const before = readFileSync(path.join(dir, STAGING), 'utf8');
    const first = await runCli(['yaml', 'document'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    // 6, not 7: stg_payments.amount is `amount / 100`, so lineage does not copy the seed's cents text.
    expect(first.stdout).toMatch(/2 files updated\. 8 nodes considered; columns: 6 inherited, 4 added/);
    const after = readFileSync(path.join(dir, STAGING), 'utf8');
    expect(after).not.toBe(before);
    expect(after).toContain(`description: '{{ doc("orders_status") }}'`);
    const second = await runCli(['yaml', 'document', '--check'], { cwd: dir });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Nothing to change.');
  });

  it('--check exits 1 and writes nothing; --dry-run prints a unified diff and writes nothing', async () => {
    const dir = copyExample();
    const before = readFileSync(path.join(dir, STAGING), 'utf8');
    const check = await runCli(['yaml', 'document', '--check'], { cwd: dir });
    expect(check.code).toBe(1);
    const dry = await runCli(['yaml', 'document', '--dry-run'], { cwd: dir });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('--- a/models/staging/schema.yml');
    expect(dry.stdout).toContain("+        description: 'Date (UTC) that the order was placed'");
    expect(readFileSync(path.join(dir, STAGING), 'utf8')).toBe(before);
  });

  it('--format json prints exactly one JSON report with the documented fields', async () => {
    const dir = copyExample();
    const run = await runCli(['yaml', 'document', '--format', 'json', '--check'], { cwd: dir });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      changedFiles: ['models/staging/schema.yml', 'seeds/_seeds.yml'],
      nodesConsidered: 8,
      columnsInherited: 6,
      columnsInheritedByLineage: 6,
      columnsAdded: 4,
      columnsSynthesized: 0,
      modelDescriptionsSynthesized: 0,
      failures: [],
      llm: { calls: 0, cacheHits: 0, failedCalls: 0, inputTokens: 0, outputTokens: 0, budgetUsd: null, budgetExhausted: false },
    });
    expect(report.llm).toHaveProperty('costUsd');
    expect(report.llm).toHaveProperty('estimatedCostUsd');
  });

  it('selects with dbt syntax and positional paths', async () => {
    const dir = copyExample();
    const select = await runCli(['yaml', 'document', '--format', 'json', '--check', '-s', 'stg_orders'], { cwd: dir });
    expect(JSON.parse(select.stdout)).toMatchObject({ nodesConsidered: 1, columnsInherited: 2, changedFiles: ['models/staging/schema.yml'] });
    const positional = await runCli(['yaml', 'document', '--format', 'json', '--check', 'seeds'], { cwd: dir });
    expect(JSON.parse(positional.stdout)).toMatchObject({ nodesConsidered: 3, columnsInherited: 0, columnsAdded: 4, changedFiles: ['seeds/_seeds.yml'] });
  });

  it('refuses a broken manifest with exit 2, naming the file, and writes nothing', async () => {
    const dir = copyExample();
    const manifest = path.join(dir, 'target/manifest.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').slice(0, 5000));
    const before = readFileSync(path.join(dir, STAGING), 'utf8');
    const run = await runCli(['yaml', 'document'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('target/manifest.json');
    expect(run.stderr).toMatch(/truncated/);
    expect(readFileSync(path.join(dir, STAGING), 'utf8')).toBe(before);
    const json = await runCli(['yaml', 'document', '--format', 'json'], { cwd: dir });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'manifest-invalid-json' }, exitCode: 2 });
  });

  it('exit 2 on bad usage', async () => {
    const dir = copyExample();
    expect((await runCli(['yaml', 'document', '--no-such-flag'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['yaml', 'document', '--format', 'xml'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['yaml', 'document', '-s', 'bogus:thing'], { cwd: dir })).code).toBe(2);
  });

  it('--help lists every flag of the contract (its yaml document table and dbt-osmosis parity list)', async () => {
    const dir = copyExample();
    const help = await runCli(['yaml', 'document', '--help'], { cwd: dir });
    expect(help.code).toBe(0);
    const shared = path.resolve(__dirname, '../../../shared/spec/cli.md');
    const spec = readFileSync(existsSync(shared) ? shared : path.resolve(__dirname, '../../fixtures/spec/cli.md'), 'utf8');
    const table = spec.slice(spec.indexOf('## `osmosis-ts yaml document'), spec.indexOf('## Exit codes'));
    const parity = spec.slice(spec.indexOf('- **dbt-osmosis parity.**'), spec.indexOf('- **`--dry-run` is free.**'));
    expect(table.length).toBeGreaterThan(100);
    expect(parity.length).toBeGreaterThan(100);
    const flags = new Set([...`${table}\n${parity}`.matchAll(/`(--[a-z-]+)/g)].map((m) => m[1] as string));
    expect(flags.size).toBeGreaterThan(20);
    for (const flag of flags) expect(help.stdout, flag).toContain(flag);
  });
});
