import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { renderSchemaFile } from '../../src/yaml/render-schema-file.js';
import { yamlMeaning } from './yaml-oracle.js';

const sections = {
  sources: [{ name: 'shop', tables: [{ name: 'raw_orders', columns: [] }] }],
  models: [
    {
      name: 'stg_orders',
      description: 'Orders: one row per order',
      columns: [
        { name: 'order_id', data_type: 'int', description: 'Primary key' },
        { name: 'notes', description: 'Free text.\nSecond line.', tags: ['pii'], meta: { owner: 'crm' } },
        { name: 'status', description: '{{ doc("orders_status") }}' },
      ],
    },
  ],
};

test('renders a new schema file byte for byte (golden)', () => {
  const expected = readFileSync(new URL('../../fixtures/yaml/render-new-file/expected.yml', import.meta.url), 'utf8');
  expect(renderSchemaFile(sections)).toBe(expected);
});

test('the rendered file means exactly the given sections', () => {
  expect(yamlMeaning(renderSchemaFile(sections))).toEqual({ version: 2, ...sections });
});

test('empty sections are left out', () => {
  expect(renderSchemaFile({ models: [], seeds: [{ name: 's' }] })).toBe('version: 2\n\nseeds:\n  - name: s\n');
  expect(renderSchemaFile({})).toBe('version: 2\n');
});
