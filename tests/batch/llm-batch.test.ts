/**
 * `--llm-batch` through the real SDKs against local fakes of OpenAI's Files + Batches endpoints and
 * Anthropic's Message Batches: a batch run writes what a synchronous run writes with the same
 * answers, a wave per generation of ready nodes; failed and expired items go round again; a run
 * killed between submit and collect, or that stopped waiting, resumes without submitting again;
 * prices are batch prices and the budget holds.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBatchFakes, type BatchFakes, type FakeBatchServer } from '../helpers/fake-batch-server.js';
import type { FakeLlmServer } from '../helpers/fake-llm-server.js';
import { cleanTempDirs, copyExample, jsonReport, runCliChild, startCli, tempDir, yamlTexts } from '../cost-cache/cli-child.js';
import { BATCH, customIds as idsOf, envFor, synchronousRun as syncRun, waitUntil, type Provider } from './batch-cli.js';

let fakes: BatchFakes;
let inner: FakeLlmServer;
let batch: FakeBatchServer;
beforeEach(async () => {
  fakes = await startBatchFakes();
  ({ inner, batch } = fakes);
});
afterEach(() => fakes.close());
afterAll(cleanTempDirs);

const synchronousRun = (provider: Provider) => syncRun(inner, provider);
const customIds = () => idsOf(batch);

describe('--llm-batch (real SDKs, fake batch endpoints)', () => {
  for (const provider of ['openai', 'anthropic'] as const) {
    it(`${provider}: same YAML as a synchronous run, one batch per wave, parents' answers inherited`, async () => {
      const sync = await synchronousRun(provider);
      const home = tempDir();
      const { projectDir, args } = copyExample(home);
      const run = await runCliChild(['yaml', 'document', ...args, '--synthesize', '--format', 'json', ...BATCH], envFor(provider, batch.url, home), home);
      expect(run.code, run.stderr).toBe(0);
      const report = jsonReport(run);
      expect(yamlTexts(projectDir)).toEqual(sync.yaml);
      // The second wave asked only what its parents' answers did not already give by inheritance.
      expect(customIds().length).toBe(sync.requests);
      expect(new Set(customIds()).size).toBe(customIds().length);
      expect(batch.batches.length).toBeGreaterThanOrEqual(2);
      expect(report.llm.batch).toEqual({ waves: batch.batches.length, submitted: sync.requests, completed: sync.requests, pending: 0 });
      expect(report.llm.calls).toBe(sync.requests);
      expect(batch.calls.some((c) => c.startsWith('POST /v1/chat/completions') || c === 'POST /v1/messages')).toBe(false);
      if (provider === 'openai') expect(batch.calls).toContain('POST /v1/files');
      else expect(batch.calls).toContain('POST /v1/messages/batches');

      // Cached like synchronous answers: a second run makes no request at all.
      const before = batch.calls.length;
      const again = await runCliChild(['yaml', 'document', ...args, '--synthesize', '--format', 'json', ...BATCH], envFor(provider, batch.url, home), home);
      expect(again.code, again.stderr).toBe(0);
      expect(batch.calls.length).toBe(before);
    });
  }

  it('a failed item goes into the next wave; an invalid answer takes the repair path', async () => {
    const sync = await synchronousRun('openai');
    inner.script([{ status: 500 }, { invalid: 'placeholder' }]);
    const home = tempDir();
    const { projectDir, args } = copyExample(home);
    const run = await runCliChild(['yaml', 'document', ...args, '--synthesize', '--format', 'json', ...BATCH], envFor('openai', batch.url, home), home);
    expect(run.code, run.stderr).toBe(0);
    expect(jsonReport(run).failures).toEqual([]);
    expect(yamlTexts(projectDir)).toEqual(sync.yaml);
    // The failed item was submitted again, in a later batch than its first.
    const ids = customIds();
    expect(ids.length).toBeGreaterThan(sync.requests);
  });

  it('an expired batch: what it answered is kept, the rest is submitted again', async () => {
    const sync = await synchronousRun('anthropic');
    batch.setAutoComplete(false);
    const home = tempDir();
    const { projectDir, args } = copyExample(home);
    const running = startCli(['yaml', 'document', ...args, '--synthesize', '--format', 'json', ...BATCH], envFor('anthropic', batch.url, home), home);
    await waitUntil(() => batch.batches.length >= 1);
    const first = batch.batches[0]!;
    await batch.expire(first.id, 1);
    batch.setAutoComplete(true);
    const run = await running.done;
    expect(run.code, run.stderr).toBe(0);
    expect(yamlTexts(projectDir)).toEqual(sync.yaml);
    const resubmitted = first.items.slice(1).map((i) => i.customId);
    const later = batch.batches.slice(1).flatMap((b) => b.items.map((i) => i.customId));
    for (const id of resubmitted) expect(later).toContain(id);
    expect(later).not.toContain(first.items[0]!.customId);
  });

  it('killed between submit and collect: the next run collects the same batch, submits nothing twice', async () => {
    const sync = await synchronousRun('openai');
    batch.setAutoComplete(false);
    const home = tempDir();
    const { projectDir, args } = copyExample(home);
    const env = envFor('openai', batch.url, home);
    const running = startCli(['yaml', 'document', ...args, '--synthesize', '--format', 'json', ...BATCH], env, home);
    await waitUntil(() => batch.batches.length >= 1 && batch.batches[0]!.polls >= 1);
    running.child.kill('SIGKILL');
    expect((await running.done).signal).toBe('SIGKILL');
    const submitted = customIds();

    batch.setAutoComplete(true);
    const run = await runCliChild(['yaml', 'document', ...args, '--synthesize', '--format', 'json', ...BATCH], env, home);
    expect(run.code, run.stderr).toBe(0);
    expect(yamlTexts(projectDir)).toEqual(sync.yaml);
    expect(new Set(customIds()).size).toBe(customIds().length);
    expect(customIds().length).toBe(sync.requests);
    expect(customIds().slice(0, submitted.length)).toEqual(submitted);
  });

  it('--llm-batch-wait: exit 5 with the pending count; the next run finishes without submitting again', async () => {
    const sync = await synchronousRun('openai');
    batch.setAutoComplete(false);
    const home = tempDir();
    const { projectDir, args } = copyExample(home);
    const env = envFor('openai', batch.url, home);
    const stopped = await runCliChild(['yaml', 'document', ...args, '--synthesize', '--format', 'json', ...BATCH, '--llm-batch-wait', '1s'], env, home);
    expect(stopped.code, stopped.stderr).toBe(5);
    const report = jsonReport(stopped);
    expect(report.llm.batch.pending).toBe(batch.batches[0]!.items.length);
    expect(report.failures).toEqual([]);
    expect(report.synthesisNodesLeft).toBeGreaterThan(0);

    batch.setAutoComplete(true);
    const text = await runCliChild(['yaml', 'document', ...args, '--synthesize', ...BATCH], env, home);
    expect(text.code, text.stderr).toBe(0);
    expect(yamlTexts(projectDir)).toEqual(sync.yaml);
    expect(new Set(customIds()).size).toBe(customIds().length);
  });

  it('the dry run prices at batch rates: half the synchronous estimate', async () => {
    const home = tempDir();
    const { args } = copyExample(home);
    const env = envFor('openai', batch.url, home);
    const plain = jsonReport(await runCliChild(['yaml', 'document', ...args, '--llm-dry-run', '--format', 'json'], env, home));
    const batched = jsonReport(await runCliChild(['yaml', 'document', ...args, '--llm-dry-run', '--format', 'json', '--llm-batch'], env, home));
    expect(plain.llm.estimatedCostUsd).toBeGreaterThan(0);
    expect(batched.llm.estimatedCostUsd).toBeCloseTo(plain.llm.estimatedCostUsd / 2, 10);
    expect(batch.calls).toEqual([]);
  });

  it('the budget: no batch goes up that could cross it (exit 4), and spend stays under it', async () => {
    const home = tempDir();
    const { args } = copyExample(home);
    const env = envFor('openai', batch.url, home);
    const dry = jsonReport(await runCliChild(['yaml', 'document', ...args, '--llm-dry-run', '--format', 'json', '--llm-batch'], env, home));
    const budget = dry.llm.estimatedCostUsd / 3;
    const run = await runCliChild(['yaml', 'document', ...args, '--synthesize', '--format', 'json', ...BATCH, '--llm-max-cost', String(budget)], env, home);
    expect(run.code, run.stderr).toBe(4);
    const report = jsonReport(run);
    expect(report.llm.costUsd).toBeLessThanOrEqual(budget);
    expect(report.llm.budgetExhausted).toBe(true);
    expect(report.llm.batch.submitted).toBeLessThan(dry.llmPlan.rows.reduce((n: number, r: { calls: number }) => n + r.calls, 0));
  });

  it('a provider without a batch API is refused before any work (exit 2)', async () => {
    const home = tempDir();
    const { args } = copyExample(home);
    const env = { ...envFor('openai', batch.url, home), LLM_PROVIDER: 'ollama', OLLAMA_MODEL: 'llama3' };
    const run = await runCliChild(['yaml', 'document', ...args, '--synthesize', ...BATCH], env, home);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--llm-batch works with openai, azure-openai and anthropic/);
  });
});
