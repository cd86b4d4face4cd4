import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sortSequenceItems } from '../../src/yaml/sort-sequence.js';

const PATH = ['models', 0, 'columns'];

describe('sortSequenceItems', () => {
  it('moves whole items with the comments above them; unknown items stay after their predecessor', () => {
    const text = [
      'models:',
      '  - name: m',
      '    columns:',
      '      - name: c',
      '        tests: [unique]  # keep me',
      '      - include: all',
      '      # about b',
      '      - name: b',
      '        description: >',
      '          Folded text.',
      '      - name: a',
      '    tests: []',
      '',
    ].join('\n');
    const sorted = sortSequenceItems(text, PATH, ['a', 'b', 'c']);
    expect(sorted).toBe(
      [
        'models:',
        '  - name: m',
        '    columns:',
        '      - name: a',
        '      # about b',
        '      - name: b',
        '        description: >',
        '          Folded text.',
        '      - name: c',
        '        tests: [unique]  # keep me',
        '      - include: all',
        '    tests: []',
        '',
      ].join('\n'),
    );
    expect(parse(sorted).models[0].columns.map((c: { name?: string }) => c.name ?? '*')).toEqual(['a', 'b', 'c', '*']);
    expect(sortSequenceItems(sorted, PATH, ['a', 'b', 'c'])).toBe(sorted);
  });

  it('works at the end of a file without a final newline and with CRLF', () => {
    const text = 'models:\r\n  - name: m\r\n    columns:\r\n      - name: b\r\n      - name: a';
    expect(sortSequenceItems(text, PATH, ['a', 'b'])).toBe('models:\r\n  - name: m\r\n    columns:\r\n      - name: a\r\n      - name: b');
  });

  it('leaves flow sequences as they are', () => {
    const text = 'models:\n  - name: m\n    columns: [{name: b}, {name: a}]\n';
    expect(sortSequenceItems(text, PATH, ['a', 'b'])).toBe(text);
  });
});
