import { describe, expect, it } from 'vitest';
import { maskCsvLines, maskSample, parseSampleOutput, sampleLines } from '../../src/enrich/sample-rows.js';
import { sampleCommandLine, shellQuote } from '../../src/project/run-sample-command.js';

describe('parseSampleOutput', () => {
  it('reads the JSON dbt show prints after its log lines', () => {
    const out = '12:00:01  Running with dbt=1.8.0\n12:00:02  Found 3 models\n{\n  "node": "customers",\n  "show": [\n    {"id": 1, "email": "a@x.io"},\n    {"id": 2, "email": null}\n  ]\n}\n';
    expect(parseSampleOutput(out)).toEqual({ columns: ['id', 'email'], rows: [['1', 'a@x.io'], ['2', '']] });
  });

  it('reads a JSON list of rows and CSV, and refuses broken JSON', () => {
    expect(parseSampleOutput('[{"a": "x"}]')).toEqual({ columns: ['a'], rows: [['x']] });
    expect(parseSampleOutput('a,b\n1,2\n')).toEqual({ columns: ['a', 'b'], rows: [['1', '2']] });
    expect(parseSampleOutput('{"show": [')).toBeUndefined();
    expect(parseSampleOutput('')).toBeUndefined();
  });
});

describe('masking', () => {
  it('masks the values of PII columns and cuts to the row limit', () => {
    const table = { columns: ['id', 'Email'], rows: [['1', 'a@x.io'], ['2', ''], ['3', 'c@x.io']] };
    expect(sampleLines(maskSample(table, new Set(['email']), 2))).toEqual(['id,Email', '1,***', '2,']);
  });

  it('rewrites seed lines only when the seed has a PII column', () => {
    const lines = ['id,first_name,"note"', '1,Michael,"a, b"'];
    expect(maskCsvLines(lines, new Set(['first_name']))).toEqual(['id,first_name,note', '1,***,"a, b"']);
    expect(maskCsvLines(lines, new Set(['email']))).toEqual(lines);
  });
});

describe('sampleCommandLine', () => {
  it('quotes the node name so it cannot run a command', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(sampleCommandLine('dbt show --select {node} --limit {n}', 'x; rm -rf /', 5)).toBe(`dbt show --select 'x; rm -rf /' --limit 5`);
  });
});
