/**
 * `--llm-sample-command` with `--enrich`: rows reach the prompt with PII columns masked; a
 * command that fails or times out costs only its node the sample; nothing of a sample is stored
 * in clear in the cache.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentProject } from '../../src/library-entry.js';
import { type RecordedRequest } from '../helpers/fake-llm-server.js';
import { documentOptions } from '../helpers/document-options.js';
import { enrichOptions, jaffleCopy, useFakeServer } from './jaffle-copy.js';

const fake = useFakeServer();
const temps = fake.temps;

const SECRET_NAME = 'Zebulon';

const SCRIPT = `case "$1" in
  stg_customers) echo '12:00:00  Running with dbt=1.8.0'; echo '{"node": "stg_customers", "show": [{"customer_id": 7, "first_name": "${SECRET_NAME}", "last_name": "Quist"}]}';;
  stg_orders) sleep 20;;
  stg_payments) echo 'Database Error: no such table' >&2; exit 3;;
  *) printf 'a_column,n\\nvalue-%s,%s\\n' "$1" "$2";;
esac
`;

/** The node's first request that asks enrichment: its own, or a description request it is folded into. */
const enrichOf = (node: string): RecordedRequest | undefined =>
  fake.server().requests.find((r) => (r.schemaName === 'enrichment' || (r.schemaName ?? '').endsWith('_and_enrichment')) && r.prompt.includes(`dbt model "${node}"`));

describe('--llm-sample-command', () => {
  it('masks PII columns, isolates failures and timeouts, and keeps samples out of the cache', async () => {
    const { dir, cache } = jaffleCopy(temps, [{
      file: 'models/staging/schema.yml',
      from: "      - name: first_name\n        data_type: VARCHAR\n",
      to: "      - name: first_name\n        meta:\n          contains_pii: true\n        data_type: VARCHAR\n",
    }]);
    writeFileSync(path.join(dir, 'sample.sh'), SCRIPT);
    fake.server().reset();
    const started = Date.now();
    const report = await documentProject(documentOptions(dir, {
      synthesize: true,
      synthesis: enrichOptions(fake.server(), cache, { sampleRows: 2, sampleCommand: { command: 'sh sample.sh {node} {n}', timeoutSeconds: 1 } }),
    }));
    expect(Date.now() - started, 'the sleeping command was stopped at its timeout').toBeLessThan(19_000);
    expect(report.failures).toEqual([]);

    const customers = enrichOf('stg_customers')?.prompt ?? '';
    expect(customers).toContain('<<<BEGIN sample_rows>>>\ncustomer_id,first_name,last_name\n7,***,Quist\n<<<END sample_rows>>>');
    for (const r of fake.server().requests) expect(r.prompt).not.toContain(SECRET_NAME);
    // {node} and {n} were substituted: the other models got their CSV sample.
    expect(enrichOf('customers')?.prompt).toContain('a_column,n\nvalue-customers,2');

    // A failure or a timeout costs the node its sample, not its enrichment.
    expect(report.warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/^model\.jaffle_shop_duckdb\.stg_orders: no sample rows \(`sh sample.sh 'stg_orders' 2` timed out after 1s/),
      expect.stringMatching(/^model\.jaffle_shop_duckdb\.stg_payments: no sample rows \(.*exited with code 3: Database Error: no such table\)/),
    ]));
    expect(enrichOf('stg_orders')?.prompt).not.toContain('sample_rows');
    expect(enrichOf('stg_payments')).toBeDefined();
    // first_name is already classified: it is not asked again.
    const schema = enrichOf('stg_customers')?.schema as { properties: { columns: { properties: Record<string, { properties: Record<string, unknown> }> } } };
    expect(schema.properties.columns.properties['first_name']?.properties['pii_category']).toBeUndefined();
    expect(schema.properties.columns.properties['last_name']?.properties['pii_category']).toBeDefined();

    // The cache holds hashes of requests and the answers; a sample value never appears in it.
    const stored = ['', '-wal'].map((suffix) => cache + suffix).filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
    expect(stored.length).toBeGreaterThan(0);
    expect(stored).not.toContain(SECRET_NAME);
    expect(stored).not.toContain('value-customers');
    expect(report.enriched?.purpose).toBe(8);
  });
});
