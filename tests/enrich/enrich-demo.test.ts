/**
 * The CLI on the demo project (fixtures/jaffle + examples/jaffle_shop: documented seeds, PII meta
 * on the customers' names, a catalog): flags wired, seed samples masked and cut to
 * --llm-sample-rows, accepted_values offered from the status seed, the JSON report's counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer, type JsonSchema, type RecordedRequest } from '../helpers/fake-llm-server.js';
import { FAKE_API_KEY } from '../helpers/fake-llm-settings.js';
import { cleanTemps, copyExample, runCli } from '../helpers/run-cli.js';

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(async () => {
  await server.close();
  cleanTemps();
});

type Props = Record<string, JsonSchema>;
const enrichOf = (name: string): RecordedRequest | undefined =>
  server.requests.find((r) => r.schemaName === 'enrichment' && new RegExp(`The dbt \\w+ "${name}"`).test(r.prompt));
const columnSchema = (r: RecordedRequest | undefined, column: string): Props =>
  ((((r?.schema as JsonSchema)['properties'] as Props)['columns']?.['properties'] as Props)[column]?.['properties'] ?? {}) as Props;

describe('yaml document --enrich on the demo project', () => {
  it('masks classified seed columns, follows --llm-sample-rows and offers the status seed values', async () => {
    const dir = copyExample();
    const env = { LLM_PROVIDER: 'openai', OPENAI_API_KEY: FAKE_API_KEY, OPENAI_BASE_URL: server.openaiBaseUrl, OPENAI_MODEL: 'gpt-4o-mini' };
    const run = await runCli(['yaml', 'document', '--synthesize', '--enrich', 'pii,tests,purpose', '--llm-sample-rows', '2', '--format', 'json'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { enriched?: Record<string, number>; failures: unknown[] };
    expect(report.failures).toEqual([]);
    expect(report.enriched).toEqual({ pii: expect.any(Number), tags: 0, tests: expect.any(Number), purpose: expect.any(Number) });
    expect(report.enriched?.pii).toBeGreaterThan(0);

    const customers = enrichOf('raw_customers')?.prompt ?? '';
    expect(customers).toMatch(/-- seed loaded from seeds\/raw_customers\.csv: its CSV header and first 2 rows\nid,first_name,last_name\n1,\*\*\*,\*\*\*\n2,\*\*\*,\*\*\*\n/);
    expect(customers).not.toContain('Michael');
    // Already classified (and inherited downstream): not asked again.
    expect(columnSchema(enrichOf('raw_customers'), 'first_name')['pii_category']).toBeUndefined();
    expect(columnSchema(enrichOf('stg_customers'), 'first_name')['pii_category']).toBeUndefined();
    // The status seed offers its values to raw_orders.status itself.
    const variants = ((columnSchema(enrichOf('raw_orders'), 'status')['tests']?.['items'] as JsonSchema)['anyOf'] ?? []) as JsonSchema[];
    const accepted = variants.find((v) => ((v['properties'] as Props)['test']?.['enum'] as string[])[0] === 'accepted_values');
    expect((((accepted?.['properties'] as Props)['values']?.['items'] as JsonSchema)['enum'] as string[]).sort()).toEqual(['completed', 'placed', 'return_pending', 'returned', 'shipped']);
  });
});
