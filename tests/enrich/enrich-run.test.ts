/**
 * `--enrich` end to end through the real OpenAI SDK against the fake server, which answers from
 * the JSON Schema it is sent: every value offered (and so answered) is in its vocabulary, existing
 * tests are not offered again, invented values are dropped, and a second run asks nothing new.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentProject } from '../../src/library-entry.js';
import type { SynthesisOptions } from '../../src/config/types.js';
import { DEFAULT_PII_CATEGORIES } from '../../src/enrich/types.js';
import { type JsonSchema, type RecordedRequest } from '../helpers/fake-llm-server.js';
import { documentOptions } from '../helpers/document-options.js';
import { answerFromSchema } from '../helpers/fake-llm-answers.js';
import { EXTRA_TAGS, enrichOptions, jaffleCopy, useFakeServer } from './jaffle-copy.js';

const fake = useFakeServer();
const temps = fake.temps;

/** The fixture with stg_orders.status's accepted_values test removed, so a seed offers values again. */
function jaffle(): { dir: string; cache: string } {
  return jaffleCopy(temps, [{
    file: 'models/staging/schema.yml',
    from: "      - name: status\n        tests:\n          - accepted_values:\n              values: ['placed', 'shipped', 'completed', 'return_pending', 'returned']\n\n",
    to: '      - name: status\n',
  }]);
}

function options(cache: string, extra: Partial<SynthesisOptions> = {}): SynthesisOptions {
  return enrichOptions(fake.server(), cache, extra);
}

type Props = Record<string, JsonSchema>;
/** The enrichment schema a request carries: all of it, or folded into a description request. */
function enrichmentSchema(r: RecordedRequest): JsonSchema | undefined {
  if (r.schemaName === 'enrichment') return r.schema;
  return r.schemaName?.endsWith('_and_enrichment') ? (r.schema?.['properties'] as Props)['enrichment'] : undefined;
}
/** Requests carrying enrichment, as `schema` = their enrichment part. */
const enrichRequests = (): RecordedRequest[] =>
  fake.server().requests.flatMap((r) => {
    const schema = enrichmentSchema(r);
    return schema === undefined ? [] : [{ ...r, schema }];
  });
const nodeOf = (r: RecordedRequest): string => /The dbt \w+ "([^"]+)"/.exec(r.prompt)?.[1] ?? '?';
const columnsOf = (schema: JsonSchema): Props => ((schema['properties'] as Props)['columns']?.['properties'] ?? {}) as Props;
const testVariants = (column: JsonSchema): JsonSchema[] => (((column['properties'] as Props | undefined)?.['tests']?.['items'] as JsonSchema | undefined)?.['anyOf'] ?? []) as JsonSchema[];
const enumOf = (s: JsonSchema | undefined): unknown[] => (s?.['enum'] ?? []) as unknown[];

describe('--enrich on the jaffle fixture', () => {
  it('offers only vocabulary values, skips existing tests, and a second run asks nothing', async () => {
    const { dir, cache } = jaffle();
    fake.server().reset();
    const report = await documentProject(documentOptions(dir, { synthesize: true, synthesis: options(cache) }));
    expect(report.failures).toEqual([]);
    const asked = enrichRequests();
    // Every node of the project is asked, described or not.
    expect([...new Set(asked.map(nodeOf))].sort()).toEqual(['customers', 'orders', 'raw_customers', 'raw_orders', 'raw_payments', 'stg_customers', 'stg_orders', 'stg_payments']);

    const statuses = readFileSync(path.join(dir, 'seeds/raw_orders.csv'), 'utf8').split(/\r?\n/).slice(1).map((l) => l.split(',')[3]).filter(Boolean);
    const nodeColumns = new Map<string, Set<string>>([
      ["ref('stg_customers')", new Set(['customer_id', 'first_name', 'last_name'])],
      ["ref('stg_orders')", new Set(['order_id', 'customer_id', 'order_date', 'status'])],
      ["ref('stg_payments')", new Set(['payment_id', 'order_id', 'payment_method', 'amount'])],
      ["ref('raw_customers')", new Set(['id', 'first_name', 'last_name'])],
      ["ref('raw_orders')", new Set(['id', 'user_id', 'order_date', 'status'])],
      ["ref('raw_payments')", new Set(['id', 'order_id', 'payment_method', 'amount'])],
      ["ref('customers')", new Set(['customer_id'])],
      ["ref('orders')", new Set(['order_id'])],
    ]);
    for (const r of asked) {
      const schema = r.schema as JsonSchema;
      const top = schema['properties'] as Props;
      for (const tag of enumOf(top['tags']?.['items'] as JsonSchema)) expect(EXTRA_TAGS).toContain(tag);
      for (const [name, column] of Object.entries(columnsOf(schema))) {
        const props = column['properties'] as Props;
        if (props['pii_category']) expect(enumOf(props['pii_category'])).toEqual([...DEFAULT_PII_CATEGORIES, 'none']);
        for (const variant of testVariants(column)) {
          const v = variant['properties'] as Props;
          const kind = enumOf(v['test'])[0];
          if (kind === 'accepted_values') {
            for (const value of enumOf(v['values']?.['items'] as JsonSchema)) expect(statuses, `${nodeOf(r)}.${name}`).toContain(value);
          }
          if (kind === 'relationships') {
            const to = String(enumOf(v['to'])[0]);
            expect(nodeColumns.get(to), `${nodeOf(r)}.${name} → ${to}`).toBeDefined();
            expect([...(nodeColumns.get(to) ?? [])]).toContain(enumOf(v['field'])[0]);
          }
        }
      }
    }
    const byNode = new Map<string, Props>();
    for (const r of asked) byNode.set(nodeOf(r), { ...byNode.get(nodeOf(r)), ...columnsOf(r.schema as JsonSchema) });
    // orders.customer_id has not_null and relationships: only unique is left to offer.
    expect(testVariants(byNode.get('orders')!['customer_id']!).map((v) => enumOf((v['properties'] as Props)['test'])[0])).toEqual(['unique']);
    // orders.status keeps its accepted_values and is not offered another.
    expect(testVariants(byNode.get('orders')!['status']!).map((v) => enumOf((v['properties'] as Props)['test'])[0])).toEqual(['not_null', 'unique']);
    // stg_orders.status traces by name to the raw_orders seed: its values come from the CSV.
    const stgStatus = testVariants(byNode.get('stg_orders')!['status']!).find((v) => enumOf((v['properties'] as Props)['test'])[0] === 'accepted_values');
    expect(enumOf(((stgStatus?.['properties'] as Props)['values']?.['items']) as JsonSchema)).toEqual(['returned', 'completed', 'return_pending', 'shipped', 'placed']);
    // The voice: human-written descriptions of nearby nodes ride along as data.
    expect(asked.find((r) => nodeOf(r) === 'stg_orders')?.prompt).toContain('<<<BEGIN style_examples>>>');

    expect(report.enriched).toBeDefined();
    const counts = report.enriched!;
    // The fake picks the first choice of each enum: a PII category for every asked column.
    expect(counts.pii).toBeGreaterThan(10);
    expect(counts.purpose).toBe(8);
    expect(counts.tests).toBeGreaterThan(0);
    expect(counts.tags).toBeGreaterThan(0);

    const calls = fake.server().requests.length;
    const again = await documentProject(documentOptions(dir, { synthesize: true, synthesis: options(cache) }));
    expect(fake.server().requests.length, 'the second run is answered from the cache').toBe(calls);
    expect(again.enriched).toEqual(counts);
    expect(again.llm.calls).toBe(0);
  });

  it('drops invented values with a warning and keeps the rest', async () => {
    const { dir, cache } = jaffle();
    fake.server().reset();
    fake.server().setRespond((req) => {
      const schema = enrichmentSchema(req);
      if (schema === undefined || nodeOf(req) !== 'customers') return undefined;
      const props = schema['properties'] as Props;
      const enrichment = {
        ...('purpose' in props ? { purpose: 'Summarises each customer with their order history for retention reporting.' } : {}),
        ...('tags' in props ? { tags: ['marketing'] } : {}),
        columns: Object.fromEntries(Object.keys(columnsOf(schema)).map((c) => [c, {
          pii_category: c === 'first_name' ? 'name' : c === 'last_name' ? 'surname' : 'none',
          tags: [],
          tests: c === 'number_of_orders' ? [{ test: 'accepted_values', values: ['1', '2'] }] : c === 'customer_lifetime_value' ? [{ test: 'relationships', to: "ref('stg_payments')", field: 'total' }] : [],
        }])),
      };
      if (req.schemaName === 'enrichment') return { answer: enrichment };
      return { answer: { ...(answerFromSchema(req.schema ?? {}, req.schemaName ?? '') as object), enrichment } };
    });
    const report = await documentProject(documentOptions(dir, { synthesize: true, synthesis: options(cache, { enrich: { ...options(cache).enrich!, fields: ['pii', 'tags', 'tests', 'purpose'] } }) }));
    fake.server().setRespond(undefined);
    const customers = report.warnings.filter((w) => w.startsWith('model.jaffle_shop_duckdb.customers'));
    expect(customers).toHaveLength(4);
    expect(customers).toEqual(expect.arrayContaining([
      expect.stringContaining('dropped tag "marketing"'),
      expect.stringContaining('last_name: dropped PII category "surname"'),
      expect.stringContaining('number_of_orders: dropped accepted_values'),
      expect.stringContaining("customer_lifetime_value: dropped relationships to ref('stg_payments').total"),
    ]));
  });
});
