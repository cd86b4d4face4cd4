import { describe, expect, test } from 'vitest';
import { applyYamlEdits } from '../../src/yaml/apply-edits.js';
import { YamlEditError } from '../../src/yaml/errors.js';
import { isSafePlain } from '../../src/yaml/render-yaml-scalar.js';
import type { YamlEdit } from '../../src/yaml/types.js';
import { applyEditsToData, yamlMeaning } from './yaml-oracle.js';

const base = `version: 2
models:
  - name: a
    columns:
      - &shared_col
        name: id
        description: Key
      - name: email
        description: &email_doc Email
  - name: b
    columns:
      - *shared_col
      - name: email
        description: *email_doc
`;

function editError(text: string, edits: YamlEdit[]): YamlEditError {
  try {
    applyYamlEdits(text, edits);
  } catch (error) {
    if (error instanceof YamlEditError) return error;
    throw error;
  }
  throw new Error('expected a YamlEditError');
}

describe('applyYamlEdits refuses edits it cannot make safely', () => {
  test('a missing path is named', () => {
    const error = editError(base, [{ op: 'set', path: ['models', 5, 'description'], value: 'x' }]);
    expect(error.code).toBe('yaml-edit-missing-path');
    expect(error.message).toBe('cannot edit models[5]: index 5 is out of range');
    const missingKey = editError(base, [{ op: 'set', path: ['models', 0, 'config', 'tags'], value: ['x'] }]);
    expect(missingKey.message).toBe("cannot edit models[0].config: key 'config' does not exist");
  });

  test('an edit through an alias, or of a node reused through one, writes out a private copy', () => {
    const cases: YamlEdit[][] = [
      [{ op: 'set', path: ['models', 1, 'columns', 0, 'description'], value: 'x' }],
      [{ op: 'set', path: ['models', 1, 'columns', 1, 'description'], value: 'x' }],
      [{ op: 'set', path: ['models', 0, 'columns', 0, 'description'], value: 'x' }],
      [{ op: 'set', path: ['models', 0, 'columns', 1, 'description'], value: 'x' }],
    ];
    for (const edits of cases) {
      const output = applyYamlEdits(base, edits);
      // Only the edited model changes; the other keeps every value it had.
      expect(yamlMeaning(output)).toEqual(applyEditsToData(yamlMeaning(base), edits));
      expect(output).toContain('&shared_col');
    }
    expect(applyYamlEdits(base, cases[0] ?? [])).toContain('  - name: b\n    columns:\n      - name: id\n        description: x\n');
  });

  test('an anchor that a merge key uses, and a mapping with a duplicate key, are refused', () => {
    const merged = 'models:\n  - name: a\n    meta: &m\n      owner: x\n  - name: b\n    meta:\n      <<: *m\n';
    const anchored = editError(merged, [{ op: 'set', path: ['models', 0, 'meta', 'owner'], value: 'y' }]);
    expect(anchored.code).toBe('yaml-edit-alias');
    expect(anchored.message).toContain('anchored as &m');
    const duplicate = editError('models:\n  - name: a\n    data_type: int\n    data_type: bigint\n', [{ op: 'set', path: ['models', 0, 'description'], value: 'd' }]);
    expect(duplicate.code).toBe('yaml-edit-duplicate-key');
    expect(duplicate.message).toBe("cannot edit models[0]: key 'data_type' is written twice (lines 3 and 4); dbt reads the last one, remove the other");
  });

  test('two edits of the same value conflict instead of corrupting', () => {
    const error = editError(base, [
      { op: 'set', path: ['models', 0, 'columns', 1, 'name'], value: 'x' },
      { op: 'set', path: ['models', 0, 'columns', 1, 'name'], value: 'y' },
    ]);
    expect(error.code).toBe('yaml-edit-conflict');
    expect(error.message).toBe('cannot edit models[0].columns[1].name: another edit (of models[0].columns[1].name) changes the same text; merge them into one edit');
  });

  test('append to a scalar is refused', () => {
    expect(editError(base, [{ op: 'append', path: ['version'], value: 3 }]).code).toBe('yaml-edit-unsupported');
  });
});

describe('applyYamlEdits', () => {
  test('no edits returns the text unchanged', () => {
    expect(applyYamlEdits(base, [])).toBe(base);
  });

  test('an empty file gets the new section', () => {
    expect(applyYamlEdits('', [{ op: 'append', path: ['models'], value: { name: 'a' } }])).toBe('models:\n  - name: a\n');
    expect(applyYamlEdits('# nothing yet\n', [{ op: 'set', path: ['version'], value: 2 }])).toBe('# nothing yet\nversion: 2\n');
  });

  test('setting a value to what it already is changes nothing', () => {
    const text = "models:\n  - name: a\n    description: 'It''s here' # note\n";
    expect(applyYamlEdits(text, [{ op: 'set', path: ['models', 0, 'description'], value: "It's here" }])).toBe(text);
  });

  // Found by the PyYAML property test (seed 949742): with CRLF line breaks the whitespace-only
  // line was not seen, and the new `|-` scalar read its twelve spaces as a last line of text.
  test.each(['\n', '\r\n'])('a new multi-line value before a whitespace-only line keeps its text (%j)', (eol) => {
    const text = ['models:', '- name: m0', '            ', '- name: m1', '  description: |', '    a', '    b', ''].join(eol);
    const edits: YamlEdit[] = [{ op: 'set', path: ['models', 0, 'description'], value: 'x\n\ny' }];
    const output = applyYamlEdits(text, edits);
    expect(yamlMeaning(output)).toEqual(applyEditsToData(yamlMeaning(text), edits));
    expect(output.split(eol)).toContain('            ');
  });

  // A comment indented deeper than the keys after the new value would be read as a line of a
  // block scalar's text; also after an empty line, and for a new column item.
  test.each(['\n', '\r\n'])('a new multi-line value before a deeper comment keeps its text and the comment (%j)', (eol) => {
    const cases: [string[], YamlEdit[]][] = [
      [['models:', '- name: m0', '      # a note', '- name: m1', '  description: |', '    a', ''], [{ op: 'set', path: ['models', 0, 'description'], value: 'x\n\ny' }]],
      [['models:', '- name: m0', '  description: old', '', '      # a note', '- name: m1', '  description: |', '    a', ''], [{ op: 'set', path: ['models', 0, 'description'], value: 'x\n\ny' }]],
      [['models:', '- name: m0', '  columns:', '  - name: c', '        # a note', '- name: m1', '  description: |', '    a', ''], [{ op: 'set', path: ['models', 0, 'columns', 0, 'description'], value: 'x\n\ny' }]],
      [['models:', '- name: m0', '  columns:', '  - name: c', '      # a note', '- name: m1', '  description: |', '    a', ''], [{ op: 'append', path: ['models', 0, 'columns'], value: { name: 'd', description: 'x\n\ny' } }]],
    ];
    for (const [lines, edits] of cases) {
      const text = lines.join(eol);
      const output = applyYamlEdits(text, edits);
      expect(yamlMeaning(output), output).toEqual(applyEditsToData(yamlMeaning(text), edits));
      expect(output.split(eol).filter((line) => line.includes('# a note'))).toHaveLength(1);
    }
  });

  // Its speed is measured by bench/ (tests never assert wall-clock time); here, that 3,000 edits in
  // one call give what applying them to the data gives.
  test('many edits on a large file, in one call', () => {
    const columns = Array.from({ length: 3000 }, (_, i) => `      - name: c${i}\n        description: ''\n`).join('');
    const text = `version: 2\nmodels:\n  - name: big\n    columns:\n${columns}`;
    const edits: YamlEdit[] = Array.from({ length: 3000 }, (_, i) => ({ op: 'set', path: ['models', 0, 'columns', i, 'description'], value: `Column ${i}` }));
    const output = applyYamlEdits(text, edits);
    expect(yamlMeaning(output)).toEqual(applyEditsToData(yamlMeaning(text), edits));
  });
});

describe('isSafePlain', () => {
  test.each(['hello world', "it's fine", 'a-b', 'x: y'.replace(': ', ':'), 'café', 'name_1'])('%j is plain', (text) => {
    expect(isSafePlain(text, false)).toBe(true);
  });
  test.each(['', ' x', 'x ', 'a: b', 'a #b', 'x:', '- a', '{{ doc("x") }}', 'true', 'No', '~', '1.0', '0x1f', '.inf', '2021-01-01', '@x', '`x`', '%x', "'x", 'a\nb'])(
    '%j is quoted',
    (text) => {
      expect(isSafePlain(text, false)).toBe(false);
    },
  );
  test('flow context also quotes flow indicators', () => {
    expect(isSafePlain('a, b', false)).toBe(true);
    expect(isSafePlain('a, b', true)).toBe(false);
    // PyYAML ends a flow plain scalar at `?` (found by the PyYAML property test, seed 17).
    expect(isSafePlain('<:?Yq', false)).toBe(true);
    expect(isSafePlain('<:?Yq', true)).toBe(false);
    expect(isSafePlain('a?b', true)).toBe(false);
    expect(isSafePlain('a:b', true)).toBe(false);
  });
});
