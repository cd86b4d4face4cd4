import { describe, expect, it } from 'vitest';
import { makeNode } from '../graph/make-node.js';
import { enrichment, planEnriched } from './plan-enriched.js';

const ORDERS = makeNode('model.pkg.orders');
const ID = 'model.pkg.orders';

describe('enrichment written by the YAML plan (--enrich-apply)', () => {
  it('adds PII meta, tags and tests where the column keeps them, and purpose on the node', () => {
    const yaml = [
      'version: 2',
      'models:',
      '  - name: orders',
      '    tags: [finance]',
      '    columns:',
      '      - name: id',
      '        tests:',
      '          - unique',
      '      - name: email',
      '        meta:',
      '          owner: crm',
      '        tags: [contact]',
      '',
    ].join('\n');
    const out = planEnriched(yaml, [ORDERS], [
      enrichment(ID, {
        purpose: 'One row per order.',
        tags: ['finance', 'core'],
        columns: {
          id: { tests: [{ kind: 'unique' }, { kind: 'not_null' }] },
          email: { pii: { category: 'email' }, tags: ['contact', 'pii'], tests: [{ kind: 'not_null' }] },
        },
      }),
    ], { dbtVersion: '1.9.0' });
    expect(out).toBe([
      'version: 2',
      'models:',
      '  - name: orders',
      '    tags: [finance, core]',
      '    columns:',
      '      - name: id',
      '        tests:',
      '          - unique',
      '          - not_null',
      '      - name: email',
      '        meta:',
      '          owner: crm',
      '          contains_pii: true',
      '          pii_category: email',
      '        tags: [contact, pii]',
      // The file uses `tests:`, so a column with neither key gets `tests:` too, even on dbt 1.9.
      '        tests:',
      '          - not_null',
      // A model reads its tags and meta under `config` in every dbt version (enrich-target.ts).
      '    config:',
      '      meta:',
      '        business_purpose: One row per order.',
      '',
    ].join('\n'));
  });

  it('writes under config where the column or the file keeps meta and tags there', () => {
    const yaml = [
      'models:',
      '  - name: orders',
      '    config:',
      '      meta:',
      '        team: sales',
      '    columns:',
      '      - name: id',
      '        config:',
      '          tags: [key]',
      '      - name: email',
      '',
    ].join('\n');
    const out = planEnriched(yaml, [ORDERS], [
      enrichment(ID, { purpose: 'Orders.', tags: ['core'], columns: { id: { tags: ['pk'] }, email: { pii: { category: 'email' }, tags: ['pii'] } } }),
    ]);
    expect(out).toBe([
      'models:',
      '  - name: orders',
      '    config:',
      '      meta:',
      '        team: sales',
      '        business_purpose: Orders.',
      '      tags:',
      '        - core',
      '    columns:',
      '      - name: id',
      '        config:',
      '          tags: [key, pk]',
      '      - name: email',
      '        config:',
      '          tags:',
      '            - pii',
      '          meta:',
      '            contains_pii: true',
      '            pii_category: email',
      '',
    ].join('\n'));
  });

  it('keeps a person\'s PII flag, tags and tests: nothing is duplicated, in either key or form', () => {
    const yaml = [
      'models:',
      '  - name: orders',
      '    columns:',
      '      - name: email',
      '        meta: {contains_pii: false}',
      '        data_tests:',
      '          - not_null:',
      '              config: {severity: warn}',
      '        tests:',
      '          - dbt.unique',
      '      - name: status',
      '        data_tests:',
      '          - accepted_values:',
      '              values: [placed, shipped]',
      '      - name: customer_id',
      '        data_tests:',
      '          - relationships:',
      '              arguments:',
      '                to: ref("customers")',
      '                field: id',
      '',
    ].join('\n');
    const out = planEnriched(yaml, [ORDERS], [
      enrichment(ID, {
        columns: {
          email: { pii: { category: 'email' }, tests: [{ kind: 'not_null' }, { kind: 'unique' }] },
          status: { tests: [{ kind: 'accepted_values', values: ['placed', 'shipped', 'returned'], source: 'seeds/statuses.csv' }] },
          customer_id: { tests: [{ kind: 'relationships', toNode: 'model.pkg.customers', to: "ref('customers')", field: 'id' }, { kind: 'not_null' }] },
        },
      }),
    ], { dbtVersion: '1.10.2' });
    expect(out).toBe(yaml.replace('                field: id\n', '                field: id\n          - not_null\n'));
  });

  it('a file with no tests key follows the dbt version: data_tests from 1.8, tests before', () => {
    const yaml = 'models:\n  - name: orders\n    columns:\n      - name: id\n';
    const values = [enrichment(ID, { columns: { id: { tests: [{ kind: 'not_null' }] } } })];
    expect(planEnriched(yaml, [ORDERS], values, { dbtVersion: '1.8.0' })).toBe(`${yaml}        data_tests:\n          - not_null\n`);
    expect(planEnriched(yaml, [ORDERS], values, { dbtVersion: '1.7.19' })).toBe(`${yaml}        tests:\n          - not_null\n`);
  });

  it('accepted_values and relationships take the shape every dbt from 1.8 to 1.11 accepts', () => {
    const yaml = 'models:\n  - name: orders\n    columns:\n      - name: status\n      - name: customer_id\n      - name: priority\n';
    const out = planEnriched(yaml, [ORDERS], [
      enrichment(ID, {
        columns: {
          status: { tests: [{ kind: 'accepted_values', values: ['placed', 'shipped'], source: 'seeds/statuses.csv' }] },
          customer_id: { tests: [{ kind: 'relationships', toNode: 'model.pkg.customers', to: "ref('customers')", field: 'customer_id' }] },
          priority: { tests: [{ kind: 'accepted_values', values: [1, 2], source: 'sql' }] },
        },
      }),
    ], { dbtVersion: '1.11.0' });
    expect(out).toBe([
      'models:',
      '  - name: orders',
      '    columns:',
      '      - name: status',
      '        data_tests:',
      '          - accepted_values:',
      '              values:',
      '                - placed',
      '                - shipped',
      '      - name: customer_id',
      '        data_tests:',
      '          - relationships:',
      "              to: ref('customers')",
      '              field: customer_id',
      '      - name: priority',
      '        data_tests:',
      '          - accepted_values:',
      '              values:',
      '                - 1',
      '                - 2',
      '              quote: false',
      '',
    ].join('\n'));
  });

  it("a file whose columns hold no meta or tags follows the project's habit; a file with its own keeps it", () => {
    const values = [enrichment(ID, { columns: { email: { pii: { category: 'email' }, tags: ['pii'] } } })];
    const bare = 'models:\n  - name: orders\n    columns:\n      - name: email\n';
    const config = { projectHabits: { metaUnderConfig: true, tagsUnderConfig: false } };
    expect(planEnriched(bare, [ORDERS], values, { enrich: config })).toBe(
      `${bare}        config:\n          tags:\n            - pii\n          meta:\n            contains_pii: true\n            pii_category: email\n`,
    );
    const plain = 'models:\n  - name: orders\n    columns:\n      - name: id\n        meta: {owner: x}\n      - name: email\n';
    expect(planEnriched(plain, [ORDERS], values, { enrich: config })).toBe(
      `${plain}        tags:\n          - pii\n        meta:\n          contains_pii: true\n          pii_category: email\n`,
    );
  });

  it('a second plan with the same enrichment changes nothing', () => {
    const yaml = 'models:\n  - name: orders\n    columns:\n      - name: email\n      - name: id\n';
    const values = [enrichment(ID, { purpose: 'Orders.', tags: ['core'], columns: { email: { pii: { category: 'email' }, tags: ['pii'] }, id: { tests: [{ kind: 'unique' }, { kind: 'not_null' }] } } })];
    const once = planEnriched(yaml, [ORDERS], values, { dbtVersion: '1.9.1' });
    expect(once).not.toBe(yaml);
    expect(planEnriched(once, [ORDERS], values, { dbtVersion: '1.9.1' })).toBe(once);
  });

  it('a node without an entry gets one holding the values, with configured key names', () => {
    const catalog = { path: 'catalog.json', nodes: new Map([[ID, [{ name: 'email', type: 'text', index: 0 }]]]) };
    const out = planEnriched(undefined, [ORDERS], [enrichment(ID, { purpose: 'Orders.', tags: ['core'], columns: { email: { pii: { category: 'email' }, tests: [{ kind: 'not_null' }] } } })], {
      catalog,
      dbtVersion: '1.8.2',
      enrich: { keys: { piiFlag: 'sensitivity', piiCategory: 'sensitivity_class', purpose: 'purpose' } },
    });
    expect(out).toBe([
      'version: 2',
      '',
      'models:',
      '  - name: orders',
      '    config:',
      '      meta:',
      '        purpose: Orders.',
      '      tags:',
      '        - core',
      '    columns:',
      '      - name: email',
      '        data_type: text',
      '        meta:',
      '          sensitivity: true',
      '          sensitivity_class: email',
      '        data_tests:',
      '          - not_null',
      '',
    ].join('\n'));
  });
});
