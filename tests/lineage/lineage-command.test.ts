import { afterAll, describe, expect, it } from 'vitest';
import { writeMiniProject } from '../helpers/mini-project.js';
import { cleanTemps, copyExample, runCli } from '../helpers/run-cli.js';

afterAll(cleanTemps);

describe('osmosis-ts lineage on the demo project', () => {
  const dir = copyExample();

  it('prints every column of a model with the transform at each step', async () => {
    const { code, stdout } = await runCli(['lineage', 'customers', '--project-dir', dir], { cwd: dir });
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('model.jaffle_shop_duckdb.customers');
    expect(lines).toContain('  customer_id <-pass- model.jaffle_shop_duckdb.stg_customers.customer_id <-rename- seed.jaffle_shop_duckdb.raw_customers.id');
    expect(lines).toContain('  customer_lifetime_value <-expression- model.jaffle_shop_duckdb.stg_payments.amount');
  });

  it('gives one column as JSON', async () => {
    const { code, stdout } = await runCli(['lineage', 'stg_payments.amount', '--project-dir', dir, '--format', 'json'], { cwd: dir });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      node: 'model.jaffle_shop_duckdb.stg_payments',
      status: 'parsed',
      columns: [{ column: 'amount', path: [{ node: 'model.jaffle_shop_duckdb.stg_payments', column: 'amount' }], end: 'expression', inputs: [{ node: 'seed.jaffle_shop_duckdb.raw_payments', column: 'amount' }] }],
    });
  });

  it('says what to give when the node or column is not there (exit 2)', async () => {
    const missing = await runCli(['lineage', 'nope', '--project-dir', dir], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("'nope' names no model, seed, snapshot or source");
    const column = await runCli(['lineage', 'customers.nope', '--project-dir', dir], { cwd: dir });
    expect(column.code).toBe(2);
    expect(column.stderr).toContain("model.jaffle_shop_duckdb.customers has no column 'nope'");
  });

  it("does not copy the seed's cents text onto stg_payments.amount (amount / 100), as name matching does", async () => {
    const on = JSON.parse((await runCli(['yaml', 'document', '--project-dir', dir, '--dry-run', '--format', 'json'], { cwd: dir })).stdout);
    // 4 of the 5 models: lineage is resolved on use, and the fully documented one needs none.
    expect(on.lineage).toEqual({ modelsParsed: 4, modelsFallback: 0, columnsUnknown: 0 });
    expect(on.columnsInheritedByLineage).toBe(on.columnsInherited);
    expect(on.diff).not.toContain("+        description: 'Amount of the payment, in cents'");
    const off = JSON.parse((await runCli(['yaml', 'document', '--project-dir', dir, '--dry-run', '--format', 'json', '--lineage', 'off'], { cwd: dir })).stdout);
    expect(off.columnsInherited).toBe(on.columnsInherited + 1);
    expect(off.diff).toContain("+        description: 'Amount of the payment, in cents'");
  });

  it('parses only the models a selection needs', async () => {
    const report = JSON.parse((await runCli(['yaml', 'document', '--project-dir', dir, '--dry-run', '--format', 'json', '-s', 'stg_payments'], { cwd: dir })).stdout);
    expect(report.lineage).toEqual({ modelsParsed: 1, modelsFallback: 0, columnsUnknown: 0 });
  });
});

describe('yaml document --dry-run with lineage', () => {
  it('marks the inherited texts that came through a rename', async () => {
    const dir = writeMiniProject([
      { name: 'raw', sql: 'select 1 as id', columns: [{ name: 'id', description: 'The customer key.' }] },
      { name: 'stg', deps: ['raw'], sql: "select id as customer_id from {{ ref('raw') }}", columns: [{ name: 'customer_id' }] },
    ]);
    const { code, stdout } = await runCli(['yaml', 'document', '--project-dir', dir, '--dry-run'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toContain('+        description: The customer key.');
    expect(stdout).toContain('  renamed: model.mini.stg.customer_id <- model.mini.raw.id\n');
  });
});
