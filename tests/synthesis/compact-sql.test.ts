import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactSql } from '../../src/synthesis/plan/compact-sql.js';

describe('compactSql', () => {
  it('squeezes indentation, blank lines and blank runs into single spaces', () => {
    const sql = `\n\n   with orders as (\n\n\n      select   *\n      from   "db"."raw"."orders"\n   )\n\n   select  id,\tstatus   from orders   \n`;
    expect(compactSql(sql)).toBe('with orders as ( select * from "db"."raw"."orders" ) select id, status from orders');
  });

  it('never touches string literals, quoted identifiers, dollar-quoted bodies or comments', () => {
    const sql = [
      "select 'a   b\n\n  c' as s,",
      '  "Col   Name" as q, `bq   col` as b,',
      "  'it''s   here' as e, 'back\\'   slash' as bs,",
      '  $$ body   with   blanks $$ as d, $fn$ x   y $fn$ as t',
      '/*  block   comment\n\n   kept */',
      'from t    -- trailing   comment   ',
      '    where x = 1',
    ].join('\n');
    const out = compactSql(sql);
    for (const kept of ["'a   b\n\n  c'", '"Col   Name"', '`bq   col`', "'it''s   here'", "'back\\'   slash'", '$$ body   with   blanks $$', '$fn$ x   y $fn$', '/*  block   comment\n\n   kept */', '-- trailing   comment   ']) {
      expect(out).toContain(kept);
    }
    // The line comment still ends before the code that followed it on the next line.
    expect(out).toMatch(/-- trailing {3}comment {3}\nwhere x = 1$/);
    expect(out).toContain("'back\\'   slash' as bs, $$");
  });

  it('treats # as a line comment (BigQuery, MySQL), but not Jinja\'s {# #}', () => {
    expect(compactSql('select a  # the   key\n   from t')).toBe('select a # the   key\nfrom t');
    expect(compactSql('{#  note  #}\n  select 1')).toBe('{# note #} select 1');
  });

  it('keeps the whitespace after an unterminated quote or comment', () => {
    expect(compactSql("select 'open   string\n   end")).toBe("select 'open   string\n   end");
    expect(compactSql('select 1 /* open   comment')).toBe('select 1 /* open   comment');
  });

  it('changes only blank runs outside quotes and comments: the non-blank characters stay in order', () => {
    const pieces = fc.constantFrom('select', ' ', '  ', '\n', '\n\n  ', '\t', "'x  y'", '"a  b"', '-- c  d', '# g  h', '/* e  f */', 'col', ',', '(', ')', "''");
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const sql = parts.join('');
        const out = compactSql(sql);
        expect(out.replace(/\s+/g, '')).toBe(sql.replace(/\s+/g, ''));
        expect(compactSql(out)).toBe(out);
        expect(out.length).toBeLessThanOrEqual(sql.length);
      }),
    );
  });
});
