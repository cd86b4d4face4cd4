import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { YamlInputError } from '../../src/yaml/errors.js';
import { readSchemaFile } from '../../src/yaml/read-schema-file.js';

const corpus = '/work/shared/corpus';
const readCorpus = (rel: string): string => readFileSync(`${corpus}/${rel}`, 'utf8');

function thrown(run: () => unknown): YamlInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof YamlInputError) return error;
    throw error;
  }
  throw new Error('expected a YamlInputError');
}

describe('readSchemaFile on real projects', () => {
  test('jaffle shop schema.yml: models, descriptions as written, data types', () => {
    const file = readSchemaFile('models/schema.yml', readCorpus('osmosis-jaffle-v10/repo/demo_duckdb/models/schema.yml'));
    expect(file.sections).toEqual({ models: ['models'] });
    const customers = file.entries.find((e) => e.name === 'customers');
    expect(customers?.section).toBe('models');
    expect(customers?.path).toEqual(['models', 0]);
    expect(customers?.columnsPath).toEqual(['models', 0, 'columns']);
    expect(customers?.columns[0]).toMatchObject({ name: 'customer_id', description: 'This is a unique identifier for a customer', path: ['models', 0, 'columns', 0], tags: [], meta: {}, tagsKey: 'tags', metaKey: 'meta' });
    expect(customers?.columns.find((c) => c.name === 'customer_lifetime_value')).toMatchObject({ description: '', dataType: 'DOUBLE' });
    const orders = file.entries.find((e) => e.name === 'orders');
    expect(orders?.columns.find((c) => c.name === 'status')?.description).toBe('{{ doc("orders_status") }}');
  });

  test('hubspot sources: one entry per table, with the source name and block descriptions', () => {
    const file = readSchemaFile('models/staging/src_hubspot.yml', readCorpus('fivetran-hubspot-v12/repo/models/staging/src_hubspot.yml'));
    expect(file.sections).toEqual({ sources: ['sources'] });
    const first = file.entries[0];
    expect(first).toMatchObject({ section: 'sources', name: 'calendar_event', sourceName: 'hubspot', path: ['sources', 0, 'tables', 0] });
    expect(first?.description).toBe('Each record represents a calendar event.');
    expect(first?.columns[0]).toMatchObject({ name: '_fivetran_synced', description: '{{ doc("_fivetran_synced") }}' });
    const category = first?.columns.find((c) => c.name === 'category');
    expect(category?.description).toMatch(/^Type of event\. If the event type is PUBLISHING_TASK.*\n.*\n.*site-page\.\n$/);
    expect(file.entries.length).toBeGreaterThan(10);
    expect(file.entries.every((e) => e.sourceName === 'hubspot')).toBe(true);
  });
});

describe('readSchemaFile shapes', () => {
  test('versioned model: one entry per version with include/exclude and overrides', () => {
    const text = `version: 2
models:
  - name: dim_customers
    description: Customers
    latest_version: 2
    columns:
      - name: id
        description: Key
      - name: country
        description: Country name
      - name: email
    versions:
      - v: 1
      - v: 2
        description: Customers v2
        columns:
          - include: all
            exclude: [country]
          - name: email
            description: Email v2
          - name: country_code
      - v: 3
        columns:
          - include: [id]
`;
    const file = readSchemaFile('models/dims.yml', text);
    expect(file.entries.map((e) => [e.name, e.version])).toEqual([['dim_customers', '1'], ['dim_customers', '2'], ['dim_customers', '3']]);
    const [v1, v2, v3] = file.entries;
    expect(v1?.columns.map((c) => c.name)).toEqual(['id', 'country', 'email']);
    expect(v1?.columnsPath).toEqual(['models', 0, 'columns']);
    expect(v1?.path).toEqual(['models', 0, 'versions', 0]);
    expect(v1?.description).toBe('Customers');
    expect(v2?.description).toBe('Customers v2');
    expect(v2?.columns.map((c) => [c.name, c.description, c.path])).toEqual([
      ['id', 'Key', ['models', 0, 'columns', 0]],
      ['email', 'Email v2', ['models', 0, 'versions', 1, 'columns', 1]],
      ['country_code', undefined, ['models', 0, 'versions', 1, 'columns', 2]],
    ]);
    expect(v2?.columnsPath).toEqual(['models', 0, 'versions', 1, 'columns']);
    expect(v3?.columns.map((c) => c.name)).toEqual(['id']);
  });

  test('tolerates files without entries, other sections, odd columns', () => {
    expect(readSchemaFile('a.yml', '').entries).toEqual([]);
    expect(readSchemaFile('a.yml', '# only a comment\n').entries).toEqual([]);
    expect(readSchemaFile('a.yml', 'version: 2\n')).toMatchObject({ entries: [], sections: {} });
    const text = `version: 2
macros:
  - name: m
exposures:
  - name: e
semantic_models:
  - name: s
metrics: []
seeds:
  - name: country_codes
snapshots:
  - name: snap
    columns:
      - just a string
      - name: 42
        description: 3.5
      - description: no name
models:
`;
    const file = readSchemaFile('a.yml', text);
    expect(file.sections).toEqual({ seeds: ['seeds'], snapshots: ['snapshots'], models: ['models'] });
    expect(file.entries.map((e) => [e.section, e.name, e.columns.length])).toEqual([['seeds', 'country_codes', 0], ['snapshots', 'snap', 1]]);
    expect(file.entries[1]?.columns[0]).toMatchObject({ name: '42', description: '3.5', path: ['snapshots', 0, 'columns', 1] });
  });

  test('tags, meta, config habits and column prefixes', () => {
    const text = `version: 2
x-shared: &shared
  tags: [from_anchor]
models:
  - name: a
    config:
      osmosis_prefix: a_
    columns:
      - name: c1
        tags: [x, y]
        config:
          tags: [y, z]
          meta: {owner: cfg, level: 2}
        meta: {owner: own, keep: true}
      - name: c2
      - <<: *shared
        name: c3
  - name: b
    meta:
      dbt-osmosis-prefix: b_
  - name: c
    config:
      meta: {dbt-osmosis-prefix: c_}
`;
    const [a, b, c] = readSchemaFile('a.yml', text).entries;
    expect(a?.columnPrefix).toBe('a_');
    expect(b?.columnPrefix).toBe('b_');
    expect(c?.columnPrefix).toBe('c_');
    expect(a?.columns[0]).toMatchObject({ tags: ['x', 'y', 'z'], meta: { owner: 'cfg', keep: true, level: 2 }, tagsKey: 'config.tags', metaKey: 'config.meta' });
    // c2 has neither: the file keeps them under config elsewhere, so new ones go there too.
    expect(a?.columns[1]).toMatchObject({ tags: [], meta: {}, tagsKey: 'config.tags', metaKey: 'config.meta' });
    expect(a?.columns[2]).toMatchObject({ name: 'c3', tags: ['from_anchor'], tagsKey: 'tags' });
  });

  test('an aliased column is read through its anchor and keeps its own path', () => {
    const text = `models:
  - name: a
    columns:
      - &id
        name: id
        description: Key
  - name: b
    columns:
      - *id
`;
    const entries = readSchemaFile('a.yml', text).entries;
    expect(entries[1]?.columns[0]).toMatchObject({ name: 'id', description: 'Key', path: ['models', 1, 'columns', 0] });
  });
});

describe('readSchemaFile errors', () => {
  test('syntax error names file, line and column', () => {
    const error = thrown(() => readSchemaFile('models/schema.yml', 'version: 2\nmodels:\n  - name: a\n    description: "unterminated\n'));
    expect(error.code).toBe('yaml-syntax');
    expect(error.file).toBe('models/schema.yml');
    expect(error.line).toBeGreaterThan(0);
    expect(error.message).toMatch(/^models\/schema\.yml:\d+:\d+: invalid YAML: /);
  });

  test('a duplicate key is read as dbt reads it (the last one wins) and named in a diagnostic', () => {
    const text = `version: 2
models:
  - name: a
  - name: b
  - name: c
    columns:
      - name: x
        description: one
        description: two
`;
    const file = readSchemaFile('models/schema.yml', text);
    expect(file.entries.find((e) => e.name === 'c')?.columns[0]?.description).toBe('two');
    expect(file.diagnostics).toEqual([
      {
        code: 'duplicate-key',
        file: 'models/schema.yml',
        line: 9,
        column: 9,
        message: "duplicate key 'description' in models[2].columns[0] (first on line 8): the last one wins, as in dbt; remove one",
      },
    ]);
  });

  test('a section that is not a list is a shape error at its line', () => {
    const error = thrown(() => readSchemaFile('m.yml', 'version: 2\n\nmodels:\n  name: a\n'));
    expect(error.code).toBe('yaml-shape');
    expect(error.message).toBe("m.yml:4:3: 'models' must be a list of entries, found a mapping");
  });

  test('an entry without a name is a shape error', () => {
    const error = thrown(() => readSchemaFile('m.yml', 'models:\n  - description: x\n'));
    expect(error.code).toBe('yaml-shape');
    expect(error.message).toBe("m.yml:2:5: models[0] has no 'name'");
  });
});
