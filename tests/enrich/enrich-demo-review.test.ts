/**
 * The "done when", with the fake server answering from the schema: on the demo project,
 * `--synthesize --enrich pii,tags,tests,purpose --review` proposes values from the vocabulary,
 * a second run before review proposes nothing new, and `review apply` writes
 * YAML that validates against dbt's JSON schema, keeping every test a person wrote.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeDescription, startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { FAKE_API_KEY } from '../helpers/fake-llm-settings.js';
import { cleanTemps, copyExample, runCli } from '../helpers/run-cli.js';
import { dbtSchemaErrors } from './dbt-schema.js';

let server: FakeLlmServer;
beforeAll(async () => {
  // The same description whether or not the request also asks enrichment (the schema's name
  // differs), as a model asked the same question answers alike.
  server = await startFakeLlmServer({ describe: (name) => fakeDescription(name.replace(/_and_enrichment$/, '')) });
});
afterAll(async () => {
  await server.close();
  cleanTemps();
});

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('target') && !f.startsWith('.osmosis') && path.basename(f) !== 'dbt_project.yml')
    .map((f) => path.join(dir, f));
}

describe('--enrich --review on the demo project', () => {
  it('proposes, a re-run adds nothing, and apply writes valid dbt YAML', async () => {
    const dir = copyExample();
    const env = { LLM_PROVIDER: 'openai', OPENAI_API_KEY: FAKE_API_KEY, OPENAI_BASE_URL: server.openaiBaseUrl, OPENAI_MODEL: 'gpt-4o-mini', OSMOSIS_REVIEWER: 'Ada' };
    const vars = '{dbt-osmosis: {enrich: {tags: [pii_reviewed]}}}';
    const args = ['yaml', 'document', '--synthesize', '--enrich', 'pii,tags,tests,purpose', '--review', '--vars', vars, '--format', 'json'];
    const first = await runCli(args, { cwd: dir, env });
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as { proposals?: { created: number }; enriched?: Record<string, number> };
    expect(report.enriched?.purpose).toBeGreaterThan(0);
    expect(report.proposals?.created).toBeGreaterThan(0);

    const listed = await runCli(['review', 'list', '--format', 'json'], { cwd: dir, env });
    const proposals = JSON.parse(listed.stdout).proposals as { field: string; proposed?: string; current?: string }[];
    const fields = proposals.map((p) => p.field);
    expect(fields.some((f) => /^columns\.[^.]+\.tests\./.test(f))).toBe(true);
    expect(fields).toContain('meta.business_purpose');
    expect(fields.some((f) => f.endsWith('.tags') || f === 'tags')).toBe(true);

    // A re-run before review: no enrichment is asked again and no proposal is added. (The first
    // run wrote the seeds' catalog column `id` into their YAML after the documented columns, so
    // prompts list the columns in another order: description requests miss the cache, and the
    // enrichment is found by its identity, which leaves the order out; so those description
    // requests are sent without the enrichment folded in.)
    const enrichAsked = (): number => server.requests.filter((r) => r.schemaName === 'enrichment' || (r.schemaName ?? '').endsWith('_and_enrichment')).length;
    const asked = enrichAsked();
    expect(asked).toBeGreaterThan(0);
    const second = await runCli(args, { cwd: dir, env });
    expect(second.code, second.stderr).toBe(0);
    expect((JSON.parse(second.stdout) as { proposals?: { created: number } }).proposals?.created ?? 0).toBe(0);
    expect(enrichAsked()).toBe(asked);

    expect((await runCli(['review', 'approve', '--all'], { cwd: dir, env })).code).toBe(0);
    const apply = await runCli(['review', 'apply'], { cwd: dir, env });
    expect(apply.code, apply.stderr).toBe(0);
    for (const file of yamlFiles(dir)) {
      expect(dbtSchemaErrors('dbt_yml_files-latest.json', readFileSync(file, 'utf8')), file).toEqual([]);
    }
    const staging = readFileSync(path.join(dir, 'models/staging/schema.yml'), 'utf8');
    // The person's tests are all still there.
    expect(staging).toContain("values: ['placed', 'shipped', 'completed', 'return_pending', 'returned']");
    expect(staging).toContain('business_purpose:');

    // After apply, the values are in the YAML: a third run asks no enrichment and proposes none.
    const third = await runCli(args, { cwd: dir, env });
    expect(third.code, third.stderr).toBe(0);
    expect((JSON.parse(third.stdout) as { proposals?: { created: number } }).proposals?.created ?? 0).toBe(0);
    expect(enrichAsked()).toBe(asked);

  });
});
