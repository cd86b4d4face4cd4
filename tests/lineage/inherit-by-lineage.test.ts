import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { documentProject } from '../../src/library-entry.js';
import { documentOptions } from '../helpers/document-options.js';
import { writeMiniProject, type MiniModel } from '../helpers/mini-project.js';

type Docs = Record<string, Record<string, string | undefined>>;

/** Runs `yaml document` on a mini project; returns model → column → description as written, and the report. */
async function run(models: MiniModel[], overrides: Parameters<typeof documentOptions>[1] = {}) {
  const dir = writeMiniProject(models);
  const report = await documentProject(documentOptions(dir, overrides));
  const schema = parse(readFileSync(path.join(dir, 'models', 'schema.yml'), 'utf8')) as { models: Array<{ name: string; columns?: Array<{ name: string; description?: string; meta?: Record<string, unknown> }> }> };
  const docs: Docs = {};
  const meta: Record<string, Record<string, unknown>> = {};
  for (const m of schema.models) {
    docs[m.name] = Object.fromEntries((m.columns ?? []).map((c) => [c.name, c.description]));
    for (const c of m.columns ?? []) if (c.meta) meta[`${m.name}.${c.name}`] = c.meta;
  }
  return { docs, report, meta };
}

const raw: MiniModel = { name: 'raw', sql: 'select 1 as id, 2 as amount', columns: [{ name: 'id', description: 'The customer key.' }, { name: 'amount', description: 'Amount in cents.' }] };

describe('inheritance follows column lineage first', () => {
  it('inherits through a rename, which name matching misses; --lineage off restores name matching', async () => {
    const stg: MiniModel = { name: 'stg', deps: ['raw'], sql: "select id as customer_id, amount from {{ ref('raw') }}", columns: [{ name: 'customer_id' }, { name: 'amount' }] };
    const on = await run([raw, stg]);
    expect(on.docs['stg']).toEqual({ customer_id: 'The customer key.', amount: 'Amount in cents.' });
    expect(on.report.columnsInheritedByLineage).toBe(2);
    expect(on.report.lineage).toEqual({ modelsParsed: 2, modelsFallback: 0, columnsUnknown: 0 });
    expect(on.report.inheritedThroughRename).toEqual([{ node: 'model.mini.stg', column: 'customer_id', from: 'model.mini.raw', fromColumn: 'id' }]);
    const off = await run([raw, stg], { lineage: false });
    expect(off.docs['stg']).toEqual({ customer_id: undefined, amount: 'Amount in cents.' });
    expect(off.report.columnsInheritedByLineage).toBe(0);
    expect(off.report.lineage).toEqual({ modelsParsed: 0, modelsFallback: 0, columnsUnknown: 0 });
  });

  it('takes the text of the parent the SQL reads, not the one whose id sorts first', async () => {
    const a: MiniModel = { name: 'a', sql: 'select 1 as id', columns: [{ name: 'id', description: 'Order id.' }] };
    const b: MiniModel = { name: 'b', sql: 'select 1 as id', columns: [{ name: 'id', description: 'Customer id.' }] };
    const joined: MiniModel = { name: 'joined', deps: ['a', 'b'], sql: "select b.id from {{ ref('a') }} as a join {{ ref('b') }} as b on a.id = b.id", columns: [{ name: 'id' }] };
    expect((await run([a, b, joined])).docs['joined']).toEqual({ id: 'Customer id.' });
    expect((await run([a, b, joined], { lineage: false })).docs['joined']).toEqual({ id: 'Order id.' });
  });

  it('falls back to name matching where lineage is unknown (an unqualified column both sides hold)', async () => {
    const a: MiniModel = { name: 'a', sql: 'select 1 as id', columns: [{ name: 'id', description: 'Order id.' }] };
    const b: MiniModel = { name: 'b', sql: 'select 1 as id', columns: [{ name: 'id', description: 'Customer id.' }] };
    const joined: MiniModel = { name: 'joined', deps: ['a', 'b'], sql: "select id from {{ ref('a') }} as a join {{ ref('b') }} as b on a.id = b.id", columns: [{ name: 'id' }] };
    const { docs, report } = await run([a, b, joined]);
    expect(docs['joined']).toEqual({ id: 'Order id.' });
    expect(report.columnsInheritedByLineage).toBe(0);
    expect(report.lineage?.columnsUnknown).toBe(1);
  });

  it('does not follow an incremental model reading itself ({{ this }}), and falls back to name matching there', async () => {
    const inc: MiniModel = { name: 'inc', deps: ['raw'], sql: "select id from {{ ref('raw') }} union all select id from analytics.inc", columns: [{ name: 'id' }] };
    const { docs, report } = await run([raw, inc]);
    expect(docs['inc']).toEqual({ id: 'The customer key.' });
    expect(report.columnsInheritedByLineage).toBe(0);
    expect(report.lineage?.columnsUnknown).toBe(1);
  });

  it('inherits nothing for an expression, though name matching would have', async () => {
    const stg: MiniModel = { name: 'stg', deps: ['raw'], sql: "select amount / 100.0 as amount from {{ ref('raw') }}", columns: [{ name: 'amount' }] };
    expect((await run([raw, stg])).docs['stg']).toEqual({ amount: undefined });
    expect((await run([raw, stg], { lineage: false })).docs['stg']).toEqual({ amount: 'Amount in cents.' });
  });

  it('walks through an ancestor without the text, through a cast, with the progenitor where the text was written', async () => {
    const mid: MiniModel = { name: 'mid', deps: ['raw'], noYaml: true, sql: "with s as (select * from {{ ref('raw') }}) select cast(id as text) as key from s", columns: [{ name: 'key' }] };
    const top: MiniModel = { name: 'top', deps: ['mid'], sql: "select upper(key) as top_key from {{ ref('mid') }}", columns: [{ name: 'top_key' }] };
    const { docs, meta, report } = await run([raw, mid, top], { addProgenitorToMeta: true });
    expect(docs['top']).toEqual({ top_key: 'The customer key.' });
    expect(meta['top.top_key']).toEqual({ osmosis_progenitor: 'model.mini.raw' });
    expect(report.inheritedThroughRename).toEqual([]);
  });
});
