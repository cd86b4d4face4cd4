import { describe, expect, it } from 'vitest';
import { validateEnrichment } from '../../src/enrich/validate-enrichment.js';
import { enrichAnswerSchema, NOT_PII } from '../../src/enrich/enrich-answer-schema.js';
import type { EnrichAsk } from '../../src/enrich/enrich-ask.js';
import { DEFAULT_PII_CATEGORIES } from '../../src/enrich/types.js';

const rules = { placeholders: ['TBD'] };

function ask(): EnrichAsk {
  return {
    purpose: true,
    nodeTags: ['finance', 'core'],
    piiCategories: [...DEFAULT_PII_CATEGORIES],
    columns: [
      { name: 'email', pii: true, tags: ['finance', 'core'], tests: { notNull: true, unique: true, relationships: [] } },
      {
        name: 'status',
        pii: true,
        tags: [],
        tests: { notNull: true, unique: false, acceptedValues: { values: ['placed', 'shipped'], source: 'seeds/statuses.csv' }, relationships: [] },
      },
      {
        name: 'customer_id',
        pii: false,
        tags: [],
        tests: { notNull: true, unique: true, relationships: [{ toNode: 'model.shop.customers', to: "ref('customers')", field: 'customer_id' }] },
      },
    ],
  };
}

interface Answer {
  purpose: string;
  tags: string[];
  columns: Record<string, { pii_category?: string; tags?: string[]; tests?: Record<string, unknown>[] }>;
}

const good: Answer = {
  purpose: 'Tracks orders from placement to shipping for fulfilment reporting.',
  tags: ['finance'],
  columns: {
    email: { pii_category: 'email', tags: [], tests: [{ test: 'not_null' }] },
    status: { pii_category: NOT_PII, tests: [{ test: 'accepted_values', values: ['shipped', 'placed'] }] },
    customer_id: { tests: [{ test: 'relationships', to: "ref('customers')", field: 'customer_id' }, { test: 'not_null' }] },
  },
};

describe('validateEnrichment', () => {
  it('keeps values that are in the vocabulary, in the vocabulary order', () => {
    const check = validateEnrichment(structuredClone(good), 'model.shop.orders', ask(), rules);
    expect(check.errors).toEqual([]);
    expect(check.dropped).toEqual([]);
    expect(check.enrichment.purpose).toBe(good.purpose);
    expect(check.enrichment.tags).toEqual(['finance']);
    expect(check.enrichment.columns.get('email')).toEqual({ pii: { category: 'email' }, tests: [{ kind: 'not_null' }] });
    expect(check.enrichment.columns.get('status')).toEqual({
      tests: [{ kind: 'accepted_values', values: ['placed', 'shipped'], source: 'seeds/statuses.csv' }],
    });
    expect(check.enrichment.columns.get('customer_id')?.tests).toEqual([
      { kind: 'relationships', toNode: 'model.shop.customers', to: "ref('customers')", field: 'customer_id' },
      { kind: 'not_null' },
    ]);
  });

  it('drops an invented tag with a diagnostic and keeps the rest', () => {
    const answer = structuredClone(good);
    answer.tags = ['finance', 'marketing'];
    answer.columns['email']!.tags = ['pii_restricted', 'core'];
    const check = validateEnrichment(answer, 'model.shop.orders', ask(), rules);
    expect(check.errors).toEqual([]);
    expect(check.enrichment.tags).toEqual(['finance']);
    expect(check.enrichment.columns.get('email')?.tags).toEqual(['core']);
    expect(check.dropped.map((d) => d.message)).toEqual([
      expect.stringContaining('dropped tag "marketing"'),
      expect.stringContaining('dropped tag "pii_restricted"'),
    ]);
    expect(check.dropped[1]?.column).toBe('email');
  });

  it('drops accepted_values holding a value found in neither seed nor SQL', () => {
    const answer = structuredClone(good);
    answer.columns['status']!.tests = [{ test: 'accepted_values', values: ['placed', 'cancelled'] }];
    const check = validateEnrichment(answer, 'model.shop.orders', ask(), rules);
    expect(check.enrichment.columns.get('status')).toBeUndefined();
    expect(check.dropped).toEqual([{ column: 'status', message: expect.stringContaining('"cancelled" not found in seeds/statuses.csv') }]);
  });

  it('drops relationships to a column no upstream node supports', () => {
    const answer = structuredClone(good);
    answer.columns['customer_id']!.tests = [{ test: 'relationships', to: "ref('customers')", field: 'id' }];
    const check = validateEnrichment(answer, 'model.shop.orders', ask(), rules);
    expect(check.enrichment.columns.get('customer_id')).toBeUndefined();
    expect(check.dropped[0]?.message).toContain("dropped relationships to ref('customers').id");
  });

  it('drops an unknown PII category and a test kind the column may not get', () => {
    const answer = structuredClone(good);
    answer.columns['email']!.pii_category = 'biometric';
    answer.columns['status']!.tests = [{ test: 'unique' }];
    const check = validateEnrichment(answer, 'model.shop.orders', ask(), rules);
    expect(check.enrichment.columns.get('email')?.pii).toBeUndefined();
    expect(check.dropped.map((d) => d.column)).toEqual(['email', 'status']);
  });

  it('asks for a repair when a column or the purpose is missing, not for invented values', () => {
    const answer = structuredClone(good) as unknown as Record<string, unknown>;
    answer['purpose'] = 'TBD';
    delete (answer['columns'] as Record<string, unknown>)['status'];
    const check = validateEnrichment(answer, 'model.shop.orders', ask(), rules);
    expect(check.errors).toEqual([expect.stringContaining('"purpose" is the placeholder'), 'Column "status" is missing from "columns" or is not an object.']);
    expect(validateEnrichment(undefined, 'x', ask(), rules).errors).toEqual(['The answer is not valid JSON.']);
  });
});

describe('enrichAnswerSchema', () => {
  it('offers enums from the vocabulary and a tagged union of the allowed tests', () => {
    const schema = enrichAnswerSchema(ask()).schema as { properties: Record<string, any>; required: string[] };
    expect(schema.required).toEqual(['purpose', 'tags', 'columns']);
    expect(schema.properties['tags'].items.enum).toEqual(['finance', 'core']);
    const email = schema.properties['columns'].properties['email'];
    expect(email.properties.pii_category.enum).toEqual([...DEFAULT_PII_CATEGORIES, NOT_PII]);
    const status = schema.properties['columns'].properties['status'];
    expect(status.required).toEqual(['pii_category', 'tests']);
    expect(status.properties.tests.items.anyOf.map((v: any) => v.properties.test.enum[0])).toEqual(['not_null', 'accepted_values']);
    expect(status.properties.tests.items.anyOf[1].properties.values.items.enum).toEqual(['placed', 'shipped']);
    const customer = schema.properties['columns'].properties['customer_id'];
    expect(customer.properties.pii_category).toBeUndefined();
    expect(customer.properties.tests.items.anyOf[2].properties).toEqual({
      test: { type: 'string', enum: ['relationships'] },
      to: { type: 'string', enum: ["ref('customers')"] },
      field: { type: 'string', enum: ['customer_id'] },
    });
  });
});

describe('a node-level ask', () => {
  it('has no columns object in its schema and needs none in the answer', () => {
    const nodeOnly: EnrichAsk = { purpose: true, nodeTags: [], piiCategories: [...DEFAULT_PII_CATEGORIES], columns: [] };
    expect(Object.keys((enrichAnswerSchema(nodeOnly).schema as { properties: object }).properties)).toEqual(['purpose']);
    const check = validateEnrichment({ purpose: 'Lists the raw orders as loaded from the shop.' }, 'seed.shop.raw', nodeOnly, rules);
    expect(check).toEqual({ enrichment: { nodeId: 'seed.shop.raw', purpose: 'Lists the raw orders as loaded from the shop.', columns: new Map() }, errors: [], dropped: [] });
    expect(validateEnrichment({ purpose: 'x y z' }, 'n', ask(), rules).errors).toEqual(['The answer must have a "columns" object, as the schema says.']);
  });
});
