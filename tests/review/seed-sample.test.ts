import { describe, expect, it } from 'vitest';
import { parseCsvRows } from '../../src/review/seed-sample.js';

describe('seed sample rows', () => {
  it('reads the header and first rows, with quoted cells, CRLF and a last line without a break', () => {
    const csv = 'id,name,note\r\n1,"Smith, Ann","said ""hi"""\r\n2,Bo,\n3,Cy,last';
    expect(parseCsvRows(csv, 10)).toEqual([
      ['id', 'name', 'note'],
      ['1', 'Smith, Ann', 'said "hi"'],
      ['2', 'Bo', ''],
      ['3', 'Cy', 'last'],
    ]);
    expect(parseCsvRows(csv, 2)).toEqual([
      ['id', 'name', 'note'],
      ['1', 'Smith, Ann', 'said "hi"'],
    ]);
    expect(parseCsvRows('a,"line\nbreak"\n', 5)).toEqual([['a', 'line\nbreak']]);
  });
});
