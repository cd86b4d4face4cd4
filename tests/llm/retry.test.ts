import { describe, expect, it } from 'vitest';
import { generateWithRetry, type RetryInfo } from '../../src/llm/retry.js';
import { LlmError, type GenerateResult, type LanguageModel, type LlmErrorKind } from '../../src/llm/types.js';

const ok: GenerateResult = { text: 'ok', usage: { inputTokens: 1, outputTokens: 1 }, finishReason: 'stop', warnings: [] };
const request = { messages: [{ role: 'user' as const, content: 'hi' }], maxOutputTokens: 10 };

/** A model that throws the given errors in order, then answers. */
function scriptedModel(failures: LlmError[]): LanguageModel & { calls: number } {
  const model = {
    provider: 'openai' as const,
    modelId: 'm',
    baseUrl: 'http://127.0.0.1:1',
    calls: 0,
    async generate(): Promise<GenerateResult> {
      const failure = failures[model.calls++];
      if (failure) throw failure;
      return ok;
    },
  };
  return model;
}

const err = (kind: LlmErrorKind, retryAfterSeconds?: number) =>
  new LlmError(`failed: ${kind}`, { kind, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) });

function recorder() {
  const sleeps: number[] = [];
  const retries: RetryInfo[] = [];
  return {
    sleeps,
    retries,
    sleep: async (ms: number) => void sleeps.push(ms),
    onRetry: (info: RetryInfo) => void retries.push(info),
  };
}

describe('generateWithRetry', () => {
  it('retries retryable errors with exponential backoff and full jitter', async () => {
    const model = scriptedModel([err('server'), err('timeout'), err('connection')]);
    const r = recorder();
    const result = await generateWithRetry(model, request, { maxRetries: 3, ...r, random: () => 0.5 });
    expect(result).toBe(ok);
    expect(model.calls).toBe(4);
    expect(r.sleeps).toEqual([250, 500, 1000]);
    expect(r.retries.map((i) => i.attempt)).toEqual([1, 2, 3]);
    expect(r.retries[0]?.error.kind).toBe('server');
  });

  it('caps the backoff at maxDelayMs', async () => {
    const model = scriptedModel([err('server'), err('server'), err('server')]);
    const r = recorder();
    await generateWithRetry(model, request, { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 1500, ...r, random: () => 0.999 });
    expect(r.sleeps).toEqual([999, 1499, 1499]);
  });

  it('honours Retry-After instead of the backoff', async () => {
    const model = scriptedModel([err('rate-limit', 2)]);
    const r = recorder();
    await generateWithRetry(model, request, { maxRetries: 2, ...r, random: () => 0 });
    expect(r.sleeps).toEqual([2000]);
  });

  it('fails at once when Retry-After exceeds the cap', async () => {
    const model = scriptedModel([err('rate-limit', 120)]);
    const r = recorder();
    const error = await generateWithRetry(model, request, { maxRetries: 5, ...r }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ kind: 'rate-limit', retryAfterSeconds: 120 });
    expect((error as LlmError).message).toMatch(/120s.*longer than the 60s/);
    expect(model.calls).toBe(1);
    expect(r.sleeps).toEqual([]);
  });

  it('uses a configurable cap', async () => {
    const model = scriptedModel([err('rate-limit', 5)]);
    await expect(
      generateWithRetry(model, request, { maxRetries: 5, retryAfterCapSeconds: 3, sleep: async () => {} }),
    ).rejects.toThrow(/longer than the 3s/);
  });

  it.each<LlmErrorKind>(['auth', 'quota', 'bad-request', 'bad-response'])('does not retry %s', async (kind) => {
    const model = scriptedModel([err(kind)]);
    const r = recorder();
    await expect(generateWithRetry(model, request, { maxRetries: 5, ...r })).rejects.toMatchObject({ kind });
    expect(model.calls).toBe(1);
    expect(r.sleeps).toEqual([]);
  });

  it('gives up after maxRetries and says how many attempts were made', async () => {
    const model = scriptedModel([err('server'), err('server'), err('server')]);
    const r = recorder();
    const error = await generateWithRetry(model, request, { maxRetries: 2, ...r }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'server' });
    expect((error as Error).message).toMatch(/gave up after 3 attempts/);
    expect(model.calls).toBe(3);
  });

  it('maxRetries 0 makes a single attempt and returns its error unchanged', async () => {
    const failure = err('server');
    const model = scriptedModel([failure]);
    await expect(generateWithRetry(model, request, { maxRetries: 0, sleep: async () => {} })).rejects.toBe(failure);
  });

  it('rethrows non-LlmErrors untouched', async () => {
    const bug = new TypeError('bug');
    const model: LanguageModel = { ...scriptedModel([]), generate: async () => Promise.reject(bug) };
    await expect(generateWithRetry(model, request, { maxRetries: 3 })).rejects.toBe(bug);
  });

  it('stops retrying when the request is aborted', async () => {
    const controller = new AbortController();
    const model = scriptedModel([err('server'), err('server')]);
    const sleep = async () => controller.abort();
    await expect(
      generateWithRetry(model, { ...request, signal: controller.signal }, { maxRetries: 5, sleep }),
    ).rejects.toMatchObject({ kind: 'server' });
    expect(model.calls).toBe(2);
  });

  it('the default sleep really waits and can be aborted', async () => {
    const model = scriptedModel([err('server')]);
    const started = Date.now();
    await generateWithRetry(model, request, { maxRetries: 1, baseDelayMs: 40, random: () => 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);

    const controller = new AbortController();
    const slow = scriptedModel([err('server')]);
    setTimeout(() => controller.abort(new Error('cancelled')), 20);
    await expect(
      generateWithRetry(slow, { ...request, signal: controller.signal }, { maxRetries: 1, baseDelayMs: 60_000, random: () => 1 }),
    ).rejects.toThrow('cancelled');
  });
});
