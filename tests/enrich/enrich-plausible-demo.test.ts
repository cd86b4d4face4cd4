/**
 * The "done when" with a fake model that answers like a sensible one would (scripted by
 * column name, through the real OpenAI SDK): on the demo project, `--synthesize --enrich
 * pii,tags,tests,purpose --review`, `review approve --all` and `review apply` leave
 * stg_orders.status with the seed's status values, keys with unique + not_null, names flagged as
 * PII, no test a person wrote twice, an invented accepted value dropped, and YAML that validates
 * against dbt's JSON schema.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startFakeLlmServer, type FakeLlmServer, type JsonSchema, type RecordedRequest } from '../helpers/fake-llm-server.js';
import { answerFromSchema } from '../helpers/fake-llm-answers.js';
import { FAKE_API_KEY } from '../helpers/fake-llm-settings.js';
import { cleanTemps, copyExample, runCli } from '../helpers/run-cli.js';
import { dbtSchemaErrors } from './dbt-schema.js';

type Props = Record<string, JsonSchema>;
type Answer = Record<string, unknown>;

/** A key of its node: `id`, or `<node's entity>_id` (stg_orders → order_id). */
function isKey(node: string, column: string): boolean {
  const entity = node.replace(/^(stg_|raw_)/, '').replace(/s$/, '');
  return column === 'id' || column === `${entity}_id`;
}

/** The values an `accepted_values` variant of the column's test union allows. */
function offeredValues(columnSchema: JsonSchema | undefined): string[] {
  const variants = ((((columnSchema?.['properties'] as Props | undefined)?.['tests'])?.['items'] as JsonSchema | undefined)?.['anyOf'] ?? []) as JsonSchema[];
  const accepted = variants.find((v) => ((v['properties'] as Props)['test']?.['enum'] as string[])[0] === 'accepted_values');
  return ((((accepted?.['properties'] as Props | undefined)?.['values'])?.['items'] as JsonSchema | undefined)?.['enum'] ?? []) as string[];
}

/** What a sensible model says about one column, within what the schema offers. */
function columnAnswer(node: string, column: string, schema: JsonSchema): Answer {
  const props = (schema['properties'] ?? {}) as Props;
  const answer: Answer = {};
  if ('pii_category' in props) answer.pii_category = /^(first|last)_name$/.test(column) ? 'name' : 'none';
  if ('tags' in props) answer.tags = [];
  if ('tests' in props) {
    const tests: Answer[] = [];
    if (isKey(node, column)) tests.push({ test: 'unique' }, { test: 'not_null' });
    const values = offeredValues(schema);
    if (values.length > 0 && (column === 'status' || column === 'payment_method')) {
      // On the seed itself the model makes one value up: that test must be dropped.
      tests.push({ test: 'accepted_values', values: node === 'raw_orders' ? [...values, 'lost'] : values });
    }
    answer.tests = tests;
  }
  return answer;
}

/** Replaces the enrichment part of a schema-built answer (top level, or under "enrichment"). */
function scripted(request: RecordedRequest): Answer | undefined {
  const schema = request.schema;
  if (schema === undefined) return undefined;
  const node = /The dbt \w+ "([^"]+)"/.exec(request.prompt)?.[1] ?? '?';
  const answer = answerFromSchema(schema, request.schemaName ?? 'answer') as Answer;
  const folded = request.schemaName !== 'enrichment';
  const enrichSchema = folded ? (schema['properties'] as Props)['enrichment'] : schema;
  if (enrichSchema === undefined) return answer;
  const enrichment = (folded ? answer.enrichment : answer) as Answer;
  if ('tags' in enrichment) enrichment.tags = [];
  const columns = (((enrichSchema['properties'] as Props)['columns'])?.['properties'] ?? {}) as Props;
  enrichment.columns = Object.fromEntries(Object.entries(columns).map(([name, s]) => [name, columnAnswer(node, name, s)]));
  return answer;
}

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer({ respond: (r) => { const answer = scripted(r); return answer === undefined ? undefined : { answer }; } });
});
afterAll(async () => {
  await server.close();
  cleanTemps();
});

interface YamlColumn { name: string; tests?: unknown[]; data_tests?: unknown[]; meta?: Answer; config?: { meta?: Answer } }
interface YamlNode { name: string; columns?: YamlColumn[] }

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('target') && !f.startsWith('.osmosis') && path.basename(f) !== 'dbt_project.yml')
    .map((f) => path.join(dir, f));
}

/** node name → column name → column, over every schema file. */
function columnsOf(dir: string): Map<string, Map<string, YamlColumn>> {
  const nodes = new Map<string, Map<string, YamlColumn>>();
  for (const file of yamlFiles(dir)) {
    const doc = parse(readFileSync(file, 'utf8')) as Record<string, YamlNode[] | undefined> | null;
    for (const node of [...(doc?.['models'] ?? []), ...(doc?.['seeds'] ?? [])]) {
      nodes.set(node.name, new Map((node.columns ?? []).map((c) => [c.name, c])));
    }
  }
  return nodes;
}

const testsOf = (c: YamlColumn | undefined): unknown[] => [...(c?.tests ?? []), ...(c?.data_tests ?? [])];
const kindOf = (t: unknown): string => (typeof t === 'string' ? t : Object.keys(t as object)[0] ?? '?');
const acceptedOf = (c: YamlColumn | undefined): unknown[][] =>
  testsOf(c).filter((t) => kindOf(t) === 'accepted_values').map((t) => (t as { accepted_values: { values: unknown[] } }).accepted_values.values);

describe('a sensible model on the demo project', () => {
  it('proposes plausible values, and apply writes them as valid dbt YAML', async () => {
    const dir = copyExample();
    // Without the person's status test, so that the seed's values are offered for it.
    const staging = path.join(dir, 'models/staging/schema.yml');
    const personStatus = "      - name: status\n        tests:\n          - accepted_values:\n              values: ['placed', 'shipped', 'completed', 'return_pending', 'returned']\n\n";
    const text = readFileSync(staging, 'utf8');
    expect(text).toContain(personStatus);
    writeFileSync(staging, text.replace(personStatus, '      - name: status\n'));
    const before = columnsOf(dir);

    const env = { LLM_PROVIDER: 'openai', OPENAI_API_KEY: FAKE_API_KEY, OPENAI_BASE_URL: server.openaiBaseUrl, OPENAI_MODEL: 'gpt-4o-mini', OSMOSIS_REVIEWER: 'Ada' };
    const run = await runCli(['yaml', 'document', '--synthesize', '--enrich', 'pii,tags,tests,purpose', '--review', '--format', 'json'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { warnings: string[] };
    expect(report.warnings.filter((w) => w.includes('"lost"'))).toEqual([expect.stringMatching(/^seed\.[^:]*raw_orders\.status: dropped accepted_values: "lost"/)]);
    expect((await runCli(['review', 'approve', '--all'], { cwd: dir, env })).code).toBe(0);
    const apply = await runCli(['review', 'apply'], { cwd: dir, env });
    expect(apply.code, apply.stderr).toBe(0);

    for (const file of yamlFiles(dir)) expect(dbtSchemaErrors('dbt_yml_files-latest.json', readFileSync(file, 'utf8')), file).toEqual([]);
    const after = columnsOf(dir);

    // stg_orders.status: exactly the distinct statuses of the seed.
    const statuses = [...new Set(readFileSync(path.join(dir, 'seeds/raw_orders.csv'), 'utf8').split(/\r?\n/).slice(1).map((l) => l.split(',')[3]).filter((s): s is string => Boolean(s)))].sort();
    expect(statuses.length).toBeGreaterThan(2);
    expect(acceptedOf(after.get('stg_orders')?.get('status')).map((v) => [...v].sort())).toEqual([statuses]);
    // The made-up value cost raw_orders.status its test.
    expect(acceptedOf(after.get('raw_orders')?.get('status'))).toEqual([]);

    // Keys: unique and not_null, each once, whether a person wrote them or the model proposed them.
    const keys = [['stg_customers', 'customer_id'], ['stg_orders', 'order_id'], ['stg_payments', 'payment_id'], ['customers', 'customer_id'], ['orders', 'order_id']] as const;
    for (const [node, column] of keys) {
      const kinds = testsOf(after.get(node)?.get(column)).map(kindOf);
      expect(kinds.filter((k) => k === 'unique'), `${node}.${column}`).toHaveLength(1);
      expect(kinds.filter((k) => k === 'not_null'), `${node}.${column}`).toHaveLength(1);
    }
    // At least one key got its tests from the model (raw seeds' `id` has none written by a person).
    expect(testsOf(before.get('raw_orders')?.get('id'))).toEqual([]);
    expect(testsOf(after.get('raw_orders')?.get('id')).map(kindOf).sort()).toEqual(['not_null', 'unique']);

    // No test a person wrote is there twice.
    for (const [node, columns] of before) {
      for (const [name, column] of columns) {
        const mine = testsOf(column).map((t) => JSON.stringify(t));
        const now = testsOf(after.get(node)?.get(name)).map((t) => JSON.stringify(t));
        for (const t of mine) expect(now.filter((n) => n === t), `${node}.${name} ${t}`).toHaveLength(1);
      }
    }
    expect(acceptedOf(after.get('stg_payments')?.get('payment_method'))).toHaveLength(1);

    // Names carry PII, inherited from the seed or proposed.
    const pii = (c: YamlColumn | undefined): unknown => c?.meta?.['contains_pii'] ?? c?.config?.meta?.['contains_pii'];
    for (const node of ['raw_customers', 'stg_customers', 'customers']) {
      for (const column of ['first_name', 'last_name']) expect(pii(after.get(node)?.get(column)), `${node}.${column}`).toBe(true);
    }
  }, 120_000);
});
