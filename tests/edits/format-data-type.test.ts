import { describe, expect, it } from 'vitest';
import { formatDataType } from '../../src/edits/format-data-type.js';
import { stripEofBlankLines } from '../../src/yaml/strip-eof-blank-lines.js';

describe('formatDataType (dbt-osmosis --numeric-precision-and-scale / --string-length)', () => {
  it('drops precision, scale and length of numeric and string types unless asked', () => {
    const plain = {};
    expect(formatDataType('NUMBER(38,0)', plain)).toBe('NUMBER');
    expect(formatDataType('numeric(10, 2)', plain)).toBe('numeric');
    expect(formatDataType('DECIMAL(18,3)', plain)).toBe('DECIMAL');
    expect(formatDataType('character varying(256)', plain)).toBe('character varying');
    expect(formatDataType('VARCHAR(16777216)', plain)).toBe('VARCHAR');
    expect(formatDataType('NUMBER(38,0)', { numericPrecisionAndScale: true })).toBe('NUMBER(38,0)');
    expect(formatDataType('character varying(256)', { stringLength: true })).toBe('character varying(256)');
  });

  it('keeps every other type exactly as the catalog has it', () => {
    for (const type of ['TIMESTAMP_NTZ(9)', 'timestamp(6) with time zone', 'ARRAY<STRING>', 'INTEGER', 'struct<a:int>', 'geography']) {
      expect(formatDataType(type, {})).toBe(type);
    }
  });
});

describe('stripEofBlankLines', () => {
  it('keeps one line break after the last line and nothing else changes', () => {
    expect(stripEofBlankLines('a: 1\n\n\n')).toBe('a: 1\n');
    expect(stripEofBlankLines('a: 1\r\n\r\n')).toBe('a: 1\r\n');
    expect(stripEofBlankLines('a: 1  \n  \n')).toBe('a: 1  \n');
    expect(stripEofBlankLines('a: 1\n')).toBe('a: 1\n');
    expect(stripEofBlankLines('a: 1')).toBe('a: 1');
    expect(stripEofBlankLines('a: 1\n\nb: 2\n')).toBe('a: 1\n\nb: 2\n');
  });
});
