import { describe, expect, it } from 'vitest';
import { buildDocState } from '../../src/inheritance/build-doc-state.js';
import type { Catalog, DbtNode } from '../../src/project/manifest/types.js';
import { commonCase, effectiveHabit, toCase } from '../../src/edits/letter-case.js';
import { planYamlEdits, type PlanOptions } from '../../src/edits/plan-yaml-edits.js';
import { applyYamlEdits } from '../../src/yaml/apply-edits.js';
import { readSchemaFile } from '../../src/yaml/read-schema-file.js';
import type { SchemaFile } from '../../src/yaml/types.js';
import { makeNode } from '../graph/make-node.js';

const OPTIONS: PlanOptions = { skipAddColumns: false, skipAddDataTypes: false, addProgenitorToMeta: false };

function catalogOf(columns: Record<string, [string, string][]>): Catalog {
  return {
    path: 'catalog.json',
    nodes: new Map(Object.entries(columns).map(([id, cols]) => [id, cols.map(([name, type], index) => ({ name, type, index }))])),
  };
}

/** Plans one schema file for `nodes` and returns its text after the edits. */
function run(yaml: string, nodes: DbtNode[], catalog: Catalog | undefined, options: Partial<PlanOptions> = {}, edit?: (state: ReturnType<typeof buildDocState>) => void): string {
  const file = readSchemaFile('models/schema.yml', yaml);
  const entries = new Map<string, { file: string; entry: SchemaFile['entries'][number] }>();
  for (const node of nodes) {
    const entry = file.entries.find((e) => e.name === node.name && e.version === node.version);
    if (entry) entries.set(node.uniqueId, { file: file.path, entry });
  }
  const state = buildDocState({ nodes: new Map(nodes.map((n) => [n.uniqueId, n])), entries, writablePackage: 'pkg', ...(catalog ? { catalog } : {}) });
  edit?.(state);
  const plans = planYamlEdits({
    docs: state.values(),
    schemaFile: (p) => (p === file.path ? file : undefined),
    route: () => file.path,
    projectCase: {},
    options: { ...OPTIONS, ...options },
  });
  const plan = plans.get(file.path);
  return plan ? applyYamlEdits(yaml, plan.edits, file.document) : yaml;
}

describe('planYamlEdits: what is written', () => {
  it('versions sharing one columns list with different texts get one description per key', () => {
    const yaml = 'version: 2\nmodels:\n  - name: dim\n    columns:\n      - name: id\n    versions:\n      - v: 1\n      - v: 2\n';
    const v1 = makeNode('model.pkg.dim.v1', { name: 'dim', version: '1' });
    const v2 = makeNode('model.pkg.dim.v2', { name: 'dim', version: '2' });
    const out = run(yaml, [v1, v2], undefined, {}, (state) => {
      // Each version is synthesized on its own, so their texts can differ.
      state.get(v1.uniqueId)!.columns[0]!.description = 'Key of v1.';
      state.get(v2.uniqueId)!.columns[0]!.description = 'Key of v2.';
    });
    expect(out).toBe(yaml.replace('      - name: id\n', '      - name: id\n        description: Key of v1.\n'));
  });

  it('versions sharing one columns list add a missing catalog column once', () => {
    const yaml = 'version: 2\nmodels:\n  - name: dim\n    columns:\n      - name: id\n    versions:\n      - v: 1\n      - v: 2\n';
    const v1 = makeNode('model.pkg.dim.v1', { name: 'dim', version: '1' });
    const v2 = makeNode('model.pkg.dim.v2', { name: 'dim', version: '2' });
    const catalog = catalogOf({ [v1.uniqueId]: [['id', 'int'], ['name', 'text']], [v2.uniqueId]: [['id', 'int'], ['name', 'text']] });
    expect(run(yaml, [v1, v2], catalog)).toBe(yaml.replace('      - name: id\n', '      - name: id\n      - name: name\n        data_type: text\n'));
  });

  it('a new description goes right after name, before tests and columns', () => {
    const yaml = 'version: 2\nmodels:\n  - name: m\n    columns:\n      - name: id\n        tests:\n          - unique\n';
    const node = makeNode('model.pkg.m');
    const out = run(yaml, [node], undefined, {}, (state) => {
      state.get(node.uniqueId)!.description = 'One row per thing.';
      state.get(node.uniqueId)!.columns[0]!.description = 'The key.';
    });
    expect(out).toBe('version: 2\nmodels:\n  - name: m\n    description: One row per thing.\n    columns:\n      - name: id\n        description: The key.\n        tests:\n          - unique\n');
  });

  it('added columns go where the catalog order puts them, before a comment that belongs to the next item', () => {
    const yaml = 'version: 2\nmodels:\n  - name: m\n    columns:\n      - name: a\n      # about c\n      - name: c\n';
    const node = makeNode('model.pkg.m');
    const catalog = catalogOf({ [node.uniqueId]: [['z0', 'int'], ['a', 'int'], ['b', 'int'], ['c', 'int'], ['d', 'int']] });
    expect(run(yaml, [node], catalog, { skipAddDataTypes: true })).toBe(
      'version: 2\nmodels:\n  - name: m\n    columns:\n      - name: z0\n      - name: a\n      - name: b\n      # about c\n      - name: c\n      - name: d\n',
    );
  });

  it("added names and types follow the file's case; a mixed-case name is kept; the flags force one case", () => {
    const yaml = 'version: 2\nmodels:\n  - name: m\n    columns:\n      - name: id\n';
    const node = makeNode('model.pkg.m');
    const catalog = catalogOf({ [node.uniqueId]: [['ID', 'NUMBER'], ['CUSTOMER_ID', 'NUMBER(38,0)'], ['"MixedCase"', 'TEXT']] });
    expect(run(yaml, [node], catalog)).toBe(
      `${yaml}      - name: customer_id\n        data_type: number\n      - name: '"MixedCase"'\n        data_type: text\n`,
    );
    expect(run(yaml, [node], catalog, { outputCase: 'upper' })).toBe(
      `${yaml}      - name: CUSTOMER_ID\n        data_type: NUMBER\n      - name: '"MIXEDCASE"'\n        data_type: TEXT\n`,
    );
  });

  it('a seed entry that would hold only its name is not created; a model entry is', () => {
    const yaml = 'version: 2\nmodels:\n  - name: other\n    description: x\n';
    const seed = makeNode('seed.pkg.raw');
    expect(run(yaml, [seed], undefined)).toBe(yaml);
    expect(run(yaml, [seed], catalogOf({ [seed.uniqueId]: [['id', 'int']] }))).toBe(`${yaml}\nseeds:\n  - name: raw\n    columns:\n      - name: id\n        data_type: int\n`);
    expect(run(yaml, [makeNode('model.pkg.new_model')], undefined)).toBe(`${yaml}  - name: new_model\n`);
  });
});

describe('planYamlEdits: --sort-by', () => {
  it('asks to sort only a list that exists once the edits are applied', () => {
    const yaml = 'version: 2\nmodels:\n  - name: m\n    description: x\n';
    const node = makeNode('model.pkg.m');
    const file = readSchemaFile('models/schema.yml', yaml);
    const entries = new Map([[node.uniqueId, { file: file.path, entry: file.entries[0]! }]]);
    const catalog = catalogOf({ [node.uniqueId]: [['b', 'int'], ['a', 'int']] });
    const state = buildDocState({ nodes: new Map([[node.uniqueId, node]]), entries, writablePackage: 'pkg', catalog });
    const plan = (skipAddColumns: boolean) =>
      planYamlEdits({ docs: state.values(), schemaFile: () => file, route: () => file.path, projectCase: {}, options: { ...OPTIONS, skipAddColumns, sortBy: 'alphabetical' } }).get(file.path);
    expect(plan(true)).toBeUndefined();
    expect(plan(false)?.sorts).toEqual([{ path: ['models', 0, 'columns'], names: ['a', 'b'] }]);
  });
});

describe('letter case', () => {
  it('commonCase needs every name with letters in one case', () => {
    expect(commonCase(['id', 'customer_id', '_1'])).toBe('lower');
    expect(commonCase(['ID', 'CUSTOMER_ID'])).toBe('upper');
    expect(commonCase(['id', 'ID'])).toBe('mixed');
    expect(commonCase(['CustomerId'])).toBe('mixed');
    expect(commonCase(['_1'])).toBeUndefined();
  });

  it("a file's own habit wins; what it cannot tell comes from the project, and types fall back to names", () => {
    expect(effectiveHabit({ names: 'mixed' }, { names: 'lower', types: 'upper' })).toEqual({ names: 'mixed', types: 'upper' });
    expect(effectiveHabit({ names: 'lower' }, { types: 'upper' })).toEqual({ names: 'lower', types: 'upper' });
    expect(effectiveHabit({ names: 'lower' }, {})).toEqual({ names: 'lower', types: 'lower' });
    expect(effectiveHabit({}, { names: 'upper' })).toEqual({ names: 'upper', types: 'upper' });
  });

  it('toCase changes one-case text, and mixed case only when forced', () => {
    expect(toCase('CUSTOMER_ID', 'lower')).toBe('customer_id');
    expect(toCase('CustomerId', 'lower')).toBe('CustomerId');
    expect(toCase('CustomerId', 'lower', true)).toBe('customerid');
    expect(toCase('id', undefined)).toBe('id');
    expect(toCase('ID', 'mixed')).toBe('ID');
  });
});
