/**
 * `--llm-batch` with Azure OpenAI, through the real `openai` SDK's `AzureOpenAI` client against a
 * local fake of Azure's Global Batch routes: files and batches at the resource (`/openai/files`,
 * `/openai/batches`, never under a deployment), the `api-key` header, `?api-version=`, the endpoint
 * `/chat/completions`, and the deployment named in each line's `model`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBatchFakes, type BatchFakes } from '../helpers/fake-batch-server.js';
import { FAKE_API_KEY } from '../helpers/fake-llm-settings.js';
import { cleanTemps, copyExample, runCli } from '../helpers/run-cli.js';
import { yamlTexts } from '../cost-cache/cli-child.js';

const DEPLOYMENT = 'docs-gpt-4o-mini-batch';
const BATCH = ['--llm-batch', '--llm-batch-poll', '0.05'];

let fakes: BatchFakes;
beforeEach(async () => {
  fakes = await startBatchFakes();
});
afterEach(async () => {
  await fakes.close();
  cleanTemps();
});

const envFor = (baseUrl: string, apiVersion = '2024-10-21') => ({
  LLM_PROVIDER: 'azure-openai',
  AZURE_OPENAI_BASE_URL: baseUrl,
  AZURE_OPENAI_API_KEY: FAKE_API_KEY,
  AZURE_OPENAI_DEPLOYMENT_NAME: DEPLOYMENT,
  AZURE_OPENAI_API_VERSION: apiVersion,
});

/** The YAML a synchronous Azure run writes on a fresh copy of the demo project, and its request count. */
async function synchronousRun(): Promise<{ yaml: Map<string, string>; requests: number }> {
  const dir = copyExample();
  const run = await runCli(['yaml', 'document', '--synthesize', '--format', 'json'], { cwd: dir, env: envFor(fakes.inner.url) });
  expect(run.code, run.stderr).toBe(0);
  const requests = fakes.inner.requests.length;
  fakes.inner.reset();
  return { yaml: yamlTexts(dir), requests };
}

const customIds = (): string[] => fakes.batch.batches.flatMap((b) => b.items.map((i) => i.customId));

describe('--llm-batch with azure-openai (real SDK, fake Azure Global Batch routes)', () => {
  it('writes what a synchronous run writes, through the resource\'s files and batches, the deployment in each line', async () => {
    const sync = await synchronousRun();
    const dir = copyExample();
    const run = await runCli(['yaml', 'document', '--synthesize', '--format', 'json', ...BATCH], { cwd: dir, env: envFor(fakes.batch.url) });
    expect(run.code, run.stderr).toBe(0);
    expect(yamlTexts(dir)).toEqual(sync.yaml);
    const report = JSON.parse(run.stdout) as { llm: { calls: number; batch: { waves: number; submitted: number; completed: number; pending: number } } };
    expect(report.llm.batch).toEqual({ waves: fakes.batch.batches.length, submitted: sync.requests, completed: sync.requests, pending: 0 });
    expect(fakes.batch.batches.length).toBeGreaterThanOrEqual(2);
    expect(fakes.batch.batches.every((b) => b.provider === 'azure')).toBe(true);
    // Azure's routes, never OpenAI's and never under a deployment (where the SDK would put /batches).
    expect(fakes.batch.calls).toContain('POST /openai/files');
    expect(fakes.batch.calls).toContain('POST /openai/batches');
    expect(fakes.batch.calls).toContain('GET /openai/batches/batch_1');
    expect(fakes.batch.calls).toContain('GET /openai/files/batch_1-out/content');
    expect(fakes.batch.calls.filter((c) => !c.includes(' /openai/') || c.includes('/deployments/'))).toEqual([]);
    // Every item ran on the deployment its line named.
    expect(fakes.inner.requests.length).toBe(sync.requests);
    for (const r of fakes.inner.requests) expect(r.path).toBe(`/openai/deployments/${DEPLOYMENT}/chat/completions`);
  });

  it('a failed item is read from the error file and goes into the next wave', async () => {
    const sync = await synchronousRun();
    fakes.inner.script([{ status: 500 }]);
    const dir = copyExample();
    const run = await runCli(['yaml', 'document', '--synthesize', '--format', 'json', ...BATCH], { cwd: dir, env: envFor(fakes.batch.url) });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).failures).toEqual([]);
    expect(yamlTexts(dir)).toEqual(sync.yaml);
    expect(fakes.batch.calls).toContain('GET /openai/files/batch_1-err/content');
    // The item that failed in the first batch was submitted again in a later one.
    const first = fakes.batch.batches[0]!;
    const failed = first.outcomes?.find((o) => o.status !== 200)?.customId;
    expect(failed).toBeDefined();
    expect(fakes.batch.batches.slice(1).flatMap((b) => b.items.map((i) => i.customId))).toContain(failed);
    expect(customIds().length).toBe(sync.requests + 1);
  });

  it('a batch that fails validation (not a Global Batch deployment): its reason reaches the user, nothing is sent twice', async () => {
    const reason = `The deployment '${DEPLOYMENT}' is not a GlobalBatch deployment.`;
    fakes.batch.failValidation(reason);
    const run = await runCli(['yaml', 'document', '--synthesize', '--format', 'json', ...BATCH], { cwd: copyExample(), env: envFor(fakes.batch.url) });
    expect(run.code, run.stderr).toBe(3);
    const failures = JSON.parse(run.stdout).failures as { error: string }[];
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expect(f.error).toContain(`the batch failed validation, no request ran: invalid_request: ${reason}`);
      expect(f.error).toContain('Global Batch deployment');
    }
    expect(fakes.inner.requests).toHaveLength(0);
    // Not retried: a request that failed validation is never submitted again.
    expect(new Set(customIds()).size).toBe(customIds().length);
  });

  it('an API version older than the batch API is exit 2, saying what to set, before any request', async () => {
    const run = await runCli(['yaml', 'document', '--synthesize', ...BATCH], { cwd: copyExample(), env: envFor(fakes.batch.url, '2024-06-01') });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--llm-batch with azure-openai: API version '2024-06-01' has no batch API");
    expect(run.stderr).toContain('AZURE_OPENAI_API_VERSION');
    expect(fakes.batch.calls).toEqual([]);
  });
});
