import { describe, expect, it } from 'vitest';
import { modelSql } from '../../src/lineage/model-sql.js';
import { buildRelationIndex } from '../../src/lineage/relation-index.js';
import { sqlDialect } from '../../src/lineage/sql-dialect.js';
import { makeNode } from '../graph/make-node.js';

const nodes = new Map([
  ['model.p.orders', makeNode('model.p.orders', { relationName: '"db"."analytics"."orders"' })],
  ['source.p.raw.payments', makeNode('source.p.raw.payments', { relationName: '"db"."raw"."payments"' })],
  ['model.p.eph', makeNode('model.p.eph', { materialized: 'ephemeral' })],
]);
const index = buildRelationIndex(nodes);

describe('the SQL lineage reads', () => {
  it('is compiled_code when the manifest has it', () => {
    expect(modelSql(makeNode('model.p.x', { compiledCode: 'select 1 as a', rawCode: "select * from {{ ref('orders') }}" }), index)).toEqual({ ok: true, sql: 'select 1 as a' });
  });

  it('is raw_code with ref() and source() replaced by relation names otherwise', () => {
    const node = makeNode('model.p.x', { rawCode: "select o.id from {{ ref('orders') }} o join {{ source(\"raw\", 'payments') }} p using (id) join {{ ref('p', 'orders') }} x on true" });
    expect(modelSql(node, index)).toEqual({ ok: true, sql: 'select o.id from "db"."analytics"."orders" o join "db"."raw"."payments" p using (id) join "db"."analytics"."orders" x on true' });
  });

  it('falls back when other Jinja is left, or a ref names no node', () => {
    expect(modelSql(makeNode('model.p.x', { rawCode: "select {{ dbt_utils.star(ref('orders')) }} from {{ ref('orders') }}" }), index)).toMatchObject({ ok: false, reason: expect.stringContaining("Jinja other than ref()/source()") });
    expect(modelSql(makeNode('model.p.x', { rawCode: "select * from {{ ref('nope') }}" }), index)).toEqual({ ok: false, reason: "raw_code's {{ ref('nope') }} names no node of the manifest" });
    expect(modelSql(makeNode('model.p.x', {}), index)).toEqual({ ok: 'none' });
  });

  it('finds nodes by full name, by a unique suffix, and ephemeral CTEs by name', () => {
    expect(index.nodeFor('db.analytics.orders')).toBe('model.p.orders');
    expect(index.nodeFor('analytics.orders')).toBe('model.p.orders');
    expect(index.nodeFor('__dbt__cte__eph')).toBe('model.p.eph');
    expect(index.nodeFor('other.orders')).toBeUndefined();
  });

  it('parses in the dialect of the adapter', () => {
    expect(sqlDialect('postgres')).toBe('postgresql');
    expect(sqlDialect('Snowflake')).toBe('snowflake');
    expect(sqlDialect('spark')).toBe('spark');
    expect(sqlDialect('trino')).toBe('generic');
    expect(sqlDialect(undefined)).toBe('generic');
  });
});
