import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hasTest, testIdentity } from '../../src/enrich/test-shapes.js';
import { removeYamlItems } from '../../src/review/remove-yaml-items.js';

const items = (yaml: string): unknown[] => parse(yaml) as unknown[];

describe('which tests a column already has', () => {
  it('the same test in every spelling dbt reads is one test', () => {
    const existing = items(`
- dbt.not_null
- unique:
    config: {severity: warn, where: "id > 0"}
- name: orders_customer_fk
  test_name: relationships
  to: ref( "customers" )
  field: ID
- accepted_values:
    arguments:
      values: [b, a]
`);
    expect(hasTest(existing, { kind: 'not_null' })).toBe(true);
    expect(hasTest(existing, { kind: 'unique' })).toBe(true);
    expect(hasTest(existing, { kind: 'relationships', toNode: 'model.p.customers', to: "ref('customers')", field: 'id' })).toBe(true);
    expect(hasTest(existing, { kind: 'relationships', toNode: 'model.p.orders', to: "ref('orders')", field: 'id' })).toBe(false);
    // One accepted_values per column: a person's list stands, whatever its values.
    expect(hasTest(existing, { kind: 'accepted_values', values: ['c'], source: 'sql' })).toBe(true);
    expect(hasTest(items('- not_null'), { kind: 'accepted_values', values: ['c'], source: 'sql' })).toBe(false);
    expect(hasTest(items('- not_null'), { kind: 'unique' })).toBe(false);
  });

  it('accepted values compare as a set; an item that is not a test has no identity', () => {
    expect(testIdentity({ accepted_values: { values: ['b', 'a'] } })).toBe(testIdentity({ accepted_values: { arguments: { values: ['a', 'b'] } } }));
    expect(testIdentity({ a: 1, b: 2 })).toBeUndefined();
    expect(testIdentity(42)).toBeUndefined();
  });
});

describe('removeYamlItems', () => {
  it('takes out block items with their nested lines, and nothing else', () => {
    const text = 'tests:\n  - unique  # keep\n  - accepted_values:\n      values: [a]\n  - not_null\nafter: 1\n';
    expect(removeYamlItems('f.yml', text, [{ path: ['tests'], indices: [1, 2] }])).toBe('tests:\n  - unique  # keep\nafter: 1\n');
  });

  it('takes flow items out with their comma, first, last or all', () => {
    const text = 'tags: [a, b, c]\n';
    expect(removeYamlItems('f.yml', text, [{ path: ['tags'], indices: [2] }])).toBe('tags: [a, b]\n');
    expect(removeYamlItems('f.yml', text, [{ path: ['tags'], indices: [0] }])).toBe('tags: [b, c]\n');
    expect(removeYamlItems('f.yml', text, [{ path: ['tags'], indices: [1, 2] }])).toBe('tags: [a]\n');
    expect(removeYamlItems('f.yml', text, [{ path: ['tags'], indices: [0, 1, 2] }])).toBe('tags: []\n');
  });

  it('refuses an item that shares its line, and a path that is not a list', () => {
    expect(() => removeYamlItems('f.yml', 'x:\n  - - a\n    - b\n', [{ path: ['x', 0], indices: [0] }])).toThrow(/shares its line|remove it by hand/);
    expect(() => removeYamlItems('f.yml', 'x: 1\n', [{ path: ['x'], indices: [0] }])).toThrow(/f\.yml: 'x' is no longer a list/);
  });
});
