import { describe, expect, it } from 'vitest';
import { sqlLiteralsFor } from '../../src/enrich/sql-literals.js';
import { categoryColumns, parseCsv } from '../../src/enrich/parse-csv.js';
import { projectTagVocabulary } from '../../src/enrich/plan-enrich-ask.js';
import { makeNode } from '../synthesis/fakes.js';

describe('sqlLiteralsFor', () => {
  it('reads literals compared with the column in IN lists, equalities and CASE', () => {
    const sql = `select o.status,
      case when o.status = 'returned' then 1 when 'return_pending' = status then 2 end as r
    from orders o where o.status in ('placed', 'shipped', 'it''s') and kind = 'x' -- status = 'commented'`;
    expect(sqlLiteralsFor(sql, 'status')).toEqual(['placed', 'shipped', "it's", 'returned', 'return_pending']);
  });

  it('ignores other columns, subqueries and columns that merely end with the name', () => {
    const sql = `select * from t where order_status = 'a' and status in (select s from x) and status_code = 'b'`;
    expect(sqlLiteralsFor(sql, 'status')).toEqual([]);
  });
});

describe('categoryColumns', () => {
  it('keeps columns with few repeated values and leaves ids and free text out', () => {
    const csv = 'id,status,name\n1,placed,"Ann, B."\n2,shipped,Bob\n3,placed,Cy\n4,shipped,Di\n5,placed,Ed\n';
    expect(parseCsv(csv)[1]).toEqual(['1', 'placed', 'Ann, B.']);
    expect([...categoryColumns(parseCsv(csv))]).toEqual([['status', ['placed', 'shipped']]]);
  });
});

describe('projectTagVocabulary', () => {
  it('takes node and column tags of the project plus configured ones, sorted and distinct', () => {
    const nodes = [
      makeNode('a', { tags: ['nightly', 'finance'] }),
      makeNode('b', { columns: [{ name: 'x', description: '', meta: {}, tags: ['pii_reviewed', 'finance'] }] }),
    ];
    expect(projectTagVocabulary(nodes, ['gold'])).toEqual(['finance', 'gold', 'nightly', 'pii_reviewed']);
  });
});
