import { beforeAll, describe, expect, it } from 'vitest';
import { createSqlParser, type SqlParser } from '../../src/lineage/parse-sql.js';
import { resolveQuery } from '../../src/lineage/resolve-query.js';
import type { RelationColumns } from '../../src/lineage/scope.js';
import { variant } from '../../src/lineage/sql-ast.js';

let parser: SqlParser;
beforeAll(async () => {
  parser = await createSqlParser();
});

/** Output column → 'relation.column:step, …' or 'unknown'. */
function lineageOf(sql: string, tables: Record<string, RelationColumns> = {}, dialect = 'postgresql'): Record<string, string> {
  const parsed = parser.parse(sql, dialect);
  if (!parsed.ok) throw new Error(parsed.error);
  const query = variant(parsed.statements[0]);
  const output = resolveQuery(query?.[1], { ctes: new Map(), columnsOf: (key) => tables[key] });
  return Object.fromEntries(
    output.columns.map((c) => [c.name, c.lineage.kind === 'unknown' ? 'unknown' : c.lineage.sources.map((s) => `${s.relation}.${s.column}:${s.step}`).join(', ')]),
  );
}

const complete = (...names: string[]): RelationColumns => ({ names, complete: true });

describe('column lineage resolver', () => {
  it('reads pass, rename, cast, ::, try_cast, trim/upper/lower and expressions', () => {
    expect(lineageOf('select id, id as order_id, cast(amount as int) as amt, note::text as note, upper(name) as name, trim(code) code, amount * 2 as double_amount from db.s.orders')).toEqual({
      id: 'db.s.orders.id:bare',
      order_id: 'db.s.orders.id:bare',
      amt: 'db.s.orders.amount:cast',
      note: 'db.s.orders.note:cast',
      name: 'db.s.orders.name:cast',
      code: 'db.s.orders.code:cast',
      double_amount: 'db.s.orders.amount:expression',
    });
    expect(lineageOf('select try_cast(a as int) as a from t', {}, 'snowflake')).toEqual({ a: 't.a:cast' });
    expect(lineageOf('select safe_cast(a as string) as a from t', {}, 'bigquery')).toEqual({ a: 't.a:cast' });
  });

  it('resolves through CTEs and subqueries, composing hops', () => {
    const sql = `with src as (select * from raw.customers), renamed as (select id as customer_id, cast(created as date) as created_on from src)
      select r.customer_id, created_on, x.y from renamed r cross join (select upper(label) as y from raw.labels) as x`;
    expect(lineageOf(sql)).toEqual({
      customer_id: 'raw.customers.id:bare',
      created_on: 'raw.customers.created:cast',
      y: 'raw.labels.label:cast',
    });
  });

  it('resolves join aliases and qualified names, and says unknown for an unqualified column both sides could hold', () => {
    const tables = { 'a.orders': complete('id', 'customer_id', 'amount'), 'a.customers': complete('id', 'name') };
    expect(lineageOf('select o.id as order_id, c.id as customer_id, name, amount from a.orders o join a.customers c on o.customer_id = c.id', tables)).toEqual({
      order_id: 'a.orders.id:bare',
      customer_id: 'a.customers.id:bare',
      name: 'a.customers.name:bare',
      amount: 'a.orders.amount:bare',
    });
    expect(lineageOf('select id from a.orders o join a.customers c on o.customer_id = c.id', tables)).toEqual({ id: 'unknown' });
    // Columns of one side not known: an unqualified column listed on the other side could be in it too.
    expect(lineageOf('select amount from a.orders o join a.unlisted u on o.id = u.id', tables)).toEqual({ amount: 'unknown' });
    // ...but a column no known side has can only be the unlisted side's.
    expect(lineageOf('select note from a.orders o join a.unlisted u on o.id = u.id', tables)).toEqual({ note: 'a.unlisted.note:bare' });
  });

  it('takes a USING column from the side the join keeps', () => {
    const tables = { 'a.orders': complete('customer_id', 'amount'), 'a.customers': complete('customer_id', 'name') };
    expect(lineageOf('select customer_id from a.orders join a.customers using (customer_id)', tables)).toEqual({ customer_id: 'a.orders.customer_id:bare' });
    expect(lineageOf('select customer_id from a.orders right join a.customers using (customer_id)', tables)).toEqual({ customer_id: 'a.customers.customer_id:bare' });
    expect(lineageOf('select customer_id from a.orders full join a.customers using (customer_id)', tables)).toEqual({
      customer_id: 'a.orders.customer_id:expression, a.customers.customer_id:expression',
    });
    expect(lineageOf('select * from a.orders join a.customers using (customer_id)', tables)).toEqual({
      customer_id: 'a.orders.customer_id:bare',
      amount: 'a.orders.amount:bare',
      name: 'a.customers.name:bare',
    });
  });

  it('reads unions by position', () => {
    expect(lineageOf('select id, name from a.x union all select key, upper(title) from a.y')).toEqual({
      id: 'a.x.id:bare, a.y.key:bare',
      name: 'a.x.name:bare, a.y.title:cast',
    });
  });

  it('expands * and * exclude from known columns; an unknown * stays unknown', () => {
    const tables = { 'a.t': complete('id', 'secret', 'name') };
    expect(lineageOf('select * exclude (secret) from a.t', tables, 'snowflake')).toEqual({ id: 'a.t.id:bare', name: 'a.t.name:bare' });
    expect(lineageOf('select * except (secret) from a.t', tables, 'bigquery')).toEqual({ id: 'a.t.id:bare', name: 'a.t.name:bare' });
    // A * over two tables of unknown columns: a name read from it is unknown.
    expect(lineageOf('with s as (select * from a.unknown_cols u join a.other_unknown v using (id)) select name from s', tables)).toEqual({ name: 'unknown' });
    // A * over one table of unknown columns: any other name read from it is that table's.
    expect(lineageOf('with s as (select * from a.unknown_cols) select other as renamed from s', tables)).toEqual({ renamed: 'a.unknown_cols.other:bare' });
  });

  it('says unknown for a column read inside a subquery expression rather than guess', () => {
    expect(lineageOf('select (select max(x) from a.other) as m from a.t')).toEqual({ m: 'unknown' });
  });

  it('treats date-part keywords of Snowflake and Redshift functions as keywords, not columns', () => {
    expect(lineageOf('select datediff(day, created_at, closed_at) as age from a.t', {}, 'snowflake')).toEqual({
      age: 'a.t.created_at:expression, a.t.closed_at:expression',
    });
  });

  it('keeps the AST of a SQL text that repeats (by SQL hash and dialect), not of one seen once, and reports parse errors as data', async () => {
    const own = await createSqlParser();
    const first = own.parse('select a from t', 'postgresql');
    // A text seen once is not kept: its second parse is a parse, and from then on it is a hit.
    const second = own.parse('select a from t', 'postgresql');
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(own.parsed).toBe(2);
    expect(own.parse('select a from t', 'postgresql')).toBe(second);
    expect(own.parsed).toBe(2);
    own.parse('select a from t', 'snowflake');
    expect(own.parsed).toBe(3);
    expect(own.parse('select 1 +', 'postgresql')).toMatchObject({ ok: false, error: expect.stringContaining('sql parser error') });
  });

  it('reuses earlier select aliases (lateral alias) only when no table can hold the name', () => {
    expect(lineageOf('select amount as a, a * 2 as b from a.t', { 'a.t': complete('amount') }, 'snowflake')).toEqual({
      a: 'a.t.amount:bare',
      b: 'a.t.amount:expression',
    });
  });
});
