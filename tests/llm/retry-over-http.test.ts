import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLanguageModel } from '../../src/llm/create-language-model.js';
import { generateWithRetry, type RetryInfo } from '../../src/llm/retry.js';
import type { GenerateRequest, ProviderName } from '../../src/llm/types.js';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { FAKE_API_KEY, fakeLlmSettings } from '../helpers/fake-llm-settings.js';

const request: GenerateRequest = {
  messages: [{ role: 'user', content: 'Describe the orders model.' }],
  maxOutputTokens: 100,
  responseSchema: {
    name: 'order_id',
    schema: { type: 'object', required: ['description'], properties: { description: { type: 'string' } } },
  },
};

let server: FakeLlmServer;
beforeEach(async () => {
  await server?.close();
  server = await startFakeLlmServer();
});
afterAll(() => server?.close());

function retryOpts() {
  const retries: RetryInfo[] = [];
  const sleeps: number[] = [];
  return {
    retries,
    sleeps,
    opts: {
      maxRetries: 3,
      random: () => 0,
      sleep: async (ms: number) => void sleeps.push(ms),
      onRetry: (info: RetryInfo) => void retries.push(info),
    },
  };
}

describe.each<ProviderName>(['openai', 'anthropic'])('%s retries over HTTP', (provider) => {
  it('honours a 429 Retry-After and then succeeds (real wait)', async () => {
    server.script([{ status: 429, retryAfter: 1 }]);
    const model = await createLanguageModel(fakeLlmSettings(server, provider));
    const retries: RetryInfo[] = [];
    const started = Date.now();
    const result = await generateWithRetry(model, request, { maxRetries: 2, onRetry: (i) => void retries.push(i) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, delayMs: 1000 });
    expect(result.object).toBeDefined();
    expect(server.requests).toHaveLength(2);
  });

  it('fails fast when Retry-After is beyond the cap', async () => {
    server.script([{ status: 429, retryAfter: 3600 }]);
    const model = await createLanguageModel(fakeLlmSettings(server, provider));
    const { opts, sleeps } = retryOpts();
    const started = Date.now();
    await expect(generateWithRetry(model, request, opts)).rejects.toThrow(/3600s, longer than the 60s/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('retries 500 and 503, then succeeds', async () => {
    server.script([{ status: 500 }, { status: 503 }]);
    const model = await createLanguageModel(fakeLlmSettings(server, provider));
    const { opts, retries } = retryOpts();
    const result = await generateWithRetry(model, request, opts);
    expect(retries.map((r) => r.error.status)).toEqual([500, 503]);
    expect(result.object).toBeDefined();
    expect(server.requests.map((r) => r.status)).toEqual([500, 503, 200]);
  });

  it('retries a dropped connection', async () => {
    server.script([{ drop: true }]);
    const model = await createLanguageModel(fakeLlmSettings(server, provider));
    const { opts, retries } = retryOpts();
    const result = await generateWithRetry(model, request, opts);
    expect(retries[0]?.error.kind).toBe('connection');
    expect(result.object).toBeDefined();
  });

  it('retries a timeout', async () => {
    server.script([{ delayMs: 2_000 }]);
    const model = await createLanguageModel(fakeLlmSettings(server, provider, { timeoutSeconds: 0.5 }));
    const { opts, retries } = retryOpts();
    const result = await generateWithRetry(model, request, opts);
    expect(retries[0]?.error.kind).toBe('timeout');
    expect(result.object).toBeDefined();
  });

  it('does not retry a 401, and the key never appears in the message', async () => {
    server.script([{ status: 401 }]);
    const model = await createLanguageModel(fakeLlmSettings(server, provider));
    const { opts } = retryOpts();
    const error = (await generateWithRetry(model, request, opts).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ kind: 'auth', fatal: true });
    expect(error.message).not.toContain(FAKE_API_KEY);
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry quota errors', async () => {
    server.script([{ quota: true }, { quota: true }]);
    const model = await createLanguageModel(fakeLlmSettings(server, provider));
    const { opts } = retryOpts();
    await expect(generateWithRetry(model, request, opts)).rejects.toMatchObject({ kind: 'quota' });
    expect(server.requests).toHaveLength(1);
  });
});
