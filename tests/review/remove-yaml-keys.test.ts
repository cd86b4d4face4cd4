import { describe, expect, it } from 'vitest';
import { removeYamlKeys } from '../../src/review/remove-yaml-keys.js';

const TEXT = `models:
  - name: a  # keep
    description: >
      Folded text
      on two lines.
    meta:
      owner: x
      osmosis_generated: {provider: openai}
    columns:
      - description: first key of an item
        name: id
      - {name: b, description: flow}
`;

describe('removeYamlKeys', () => {
  it('removes whole lines of block keys, including block scalars and nested mappings, and nothing else', () => {
    const out = removeYamlKeys('s.yml', TEXT, [
      ['models', 0, 'description'],
      ['models', 0, 'meta', 'osmosis_generated'],
    ]);
    expect(out).toBe(TEXT.replace('    description: >\n      Folded text\n      on two lines.\n', '').replace('      osmosis_generated: {provider: openai}\n', ''));
    expect(removeYamlKeys('s.yml', TEXT, [['models', 0, 'meta']])).toBe(TEXT.replace('    meta:\n      owner: x\n      osmosis_generated: {provider: openai}\n', ''));
  });

  it('refuses a key that shares its line or sits in a flow mapping, naming the file', () => {
    expect(() => removeYamlKeys('s.yml', TEXT, [['models', 0, 'columns', 0, 'description']])).toThrow(/s\.yml: .*shares its line/);
    expect(() => removeYamlKeys('s.yml', TEXT, [['models', 0, 'columns', 1, 'description']])).toThrow(/s\.yml: cannot remove/);
    expect(() => removeYamlKeys('s.yml', TEXT, [['models', 0, 'nope']])).toThrow(/s\.yml: 'models\.0\.nope' is no longer in the file/);
  });
});
