import { describe, expect, it } from 'vitest';
import { applyEnrichment } from '../../src/review/apply-enrichment.js';
import type { EnrichmentValue } from '../../src/review/types.js';
import { readSchemaFile } from '../../src/yaml/read-schema-file.js';
import { makeProposal } from '../review/make-proposal.js';

function proposal(node: string, field: string, value: EnrichmentValue, text = field) {
  return makeProposal(node, field, text, { enrichment: value, status: 'approved' });
}

function apply(text: string, proposals: ReturnType<typeof proposal>[]) {
  const file = readSchemaFile('models/schema.yml', text);
  return applyEnrichment({
    proposals,
    entryOf: (node) => {
      const [name, version] = node.replace('model.p.', '').split('.v');
      const entry = file.entries.find((e) => e.name === name && e.version === version);
      return entry ? { file: file.path, entry } : undefined;
    },
    textOf: (path) => (path === file.path ? text : undefined),
    dbtVersion: '1.9.0',
  });
}

describe('applyEnrichment', () => {
  it('a proposal the engine refuses is stale with the reason; the others of its round are written', () => {
    // dbt reads `tags: a` as one tag; the engine appends only to a list.
    const text = 'models:\n  - name: orders\n    columns:\n      - name: email\n        tags: a\n      - name: id\n';
    const tags = proposal('model.p.orders', 'columns.email.tags', { kind: 'tags', column: 'email', tags: ['pii'] });
    const test = proposal('model.p.orders', 'columns.id.tests.not_null', { kind: 'test', column: 'id', test: { kind: 'not_null' } });
    const plan = apply(text, [tags, test]);
    expect(plan.applied.map((a) => a.proposal.id)).toEqual([test.id]);
    expect(plan.stale[0]?.proposal.id).toBe(tags.id);
    expect(plan.stale[0]?.reason).toMatch(/^models\/schema\.yml: .*needs a sequence/);
    expect(plan.texts.get('models/schema.yml')).toBe(`${text}        data_tests:\n          - not_null\n`);
  });

  it('versions sharing a column write its test once', () => {
    const text = 'models:\n  - name: dim\n    columns:\n      - name: id\n    versions:\n      - v: 1\n      - v: 2\n';
    const value: EnrichmentValue = { kind: 'test', column: 'id', test: { kind: 'not_null' } };
    const plan = apply(text, [proposal('model.p.dim.v1', 'columns.id.tests.not_null', value), proposal('model.p.dim.v2', 'columns.id.tests.not_null', value)]);
    expect(plan.texts.get('models/schema.yml')).toBe(text.replace('      - name: id\n', '      - name: id\n        data_tests:\n          - not_null\n'));
    expect(plan.applied).toHaveLength(1);
    expect(plan.stale[0]?.reason).toMatch(/already has this value/);
  });
});

describe('applyEnrichment on empty keys', () => {
  it('an empty `meta:`, `tags:` or `data_tests:` receives the values', () => {
    const text = 'models:\n  - name: orders\n    columns:\n      - name: email\n        meta:\n        tags:\n        data_tests:\n';
    const plan = apply(text, [
      proposal('model.p.orders', 'columns.email.meta.contains_pii', { kind: 'pii', column: 'email', category: 'email', flagKey: 'contains_pii', categoryKey: 'pii_category' }),
      proposal('model.p.orders', 'columns.email.tags', { kind: 'tags', column: 'email', tags: ['pii'] }),
      proposal('model.p.orders', 'columns.email.tests.not_null', { kind: 'test', column: 'email', test: { kind: 'not_null' } }),
    ]);
    expect(plan.stale).toEqual([]);
    expect(plan.texts.get('models/schema.yml')).toBe(
      'models:\n  - name: orders\n    columns:\n      - name: email\n        meta:\n          contains_pii: true\n          pii_category: email\n        tags:\n          - pii\n        data_tests:\n          - not_null\n',
    );
  });
});
