import { inspect } from 'node:util';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLanguageModel } from '../../src/llm/create-language-model.js';
import { LlmError, type GenerateRequest, type ProviderName } from '../../src/llm/types.js';
import { startFakeLlmServer, type Behaviour, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { FAKE_API_KEY, fakeLlmSettings } from '../helpers/fake-llm-settings.js';

const request: GenerateRequest = {
  messages: [{ role: 'user', content: 'Describe the orders model.' }],
  maxOutputTokens: 100,
};

let server: FakeLlmServer;
beforeEach(async () => {
  await server?.close();
  server = await startFakeLlmServer();
});
afterAll(() => server?.close());

async function failWith(provider: ProviderName, behaviour: Behaviour, timeoutSeconds = 10): Promise<LlmError> {
  server.script([behaviour]);
  const model = await createLanguageModel(fakeLlmSettings(server, provider, { timeoutSeconds }));
  const error = await model.generate(request).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlmError);
  const llmError = error as LlmError;
  // Never the key: not in the message, not anywhere in the inspected error.
  expect(llmError.message).not.toContain(FAKE_API_KEY);
  expect(inspect(llmError, { depth: 10 })).not.toContain(FAKE_API_KEY);
  return llmError;
}

describe.each<ProviderName>(['openai', 'azure-openai', 'anthropic'])('%s error mapping', (provider) => {
  const variable = fakeLlmSettings({ url: '', openaiBaseUrl: '' }, provider).apiKeyVariable!;

  it('401 is a fatal auth error that names the provider and the variable, never the key', async () => {
    const error = await failWith(provider, { status: 401 });
    expect(error).toMatchObject({ kind: 'auth', status: 401, fatal: true, retryable: false });
    expect(error.message).toContain(provider);
    expect(error.message).toContain(variable);
    expect(error.message).toContain('[redacted]'); // the fake echoes the key in its 401 body
  });

  it('403 is auth', async () => {
    expect(await failWith(provider, { status: 403 })).toMatchObject({ kind: 'auth', fatal: true });
  });

  it('quota is fatal and names the variable', async () => {
    const error = await failWith(provider, { quota: true });
    expect(error).toMatchObject({ kind: 'quota', status: 429, fatal: true, retryable: false });
    expect(error.message).toContain(variable);
  });

  it('429 is rate-limit with retry-after seconds', async () => {
    const error = await failWith(provider, { status: 429, retryAfter: 7 });
    expect(error).toMatchObject({ kind: 'rate-limit', status: 429, retryAfterSeconds: 7, retryable: true });
  });

  it('retry-after-ms wins over retry-after', async () => {
    const error = await failWith(provider, { status: 429, retryAfter: 7, retryAfterMs: 1500 });
    expect(error.retryAfterSeconds).toBe(1.5);
  });

  it('retry-after as an HTTP date', async () => {
    const date = new Date(Date.now() + 30_000).toUTCString();
    const error = await failWith(provider, { status: 429, retryAfter: date });
    expect(error.retryAfterSeconds).toBeGreaterThan(25);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(30);
  });

  it.each([500, 503, 408, 409])('%i is a retryable server error', async (status) => {
    expect(await failWith(provider, { status })).toMatchObject({ kind: 'server', status, retryable: true });
  });

  it('other 4xx are bad-request', async () => {
    expect(await failWith(provider, { status: 422 })).toMatchObject({ kind: 'bad-request', retryable: false });
  });

  it('a dropped connection is a retryable connection error', async () => {
    expect(await failWith(provider, { drop: true })).toMatchObject({ kind: 'connection', retryable: true });
  });

  it('a slow server is a timeout', async () => {
    const error = await failWith(provider, { delayMs: 3_000 }, 1);
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
    expect(error.message).toMatch(/1s/);
  });

  it('an unreachable server is a connection error', async () => {
    await server.kill();
    const model = await createLanguageModel(fakeLlmSettings(server, provider));
    await expect(model.generate(request)).rejects.toMatchObject({ kind: 'connection' });
  });

  it('a sk- key echoed by the server is redacted even when it is not ours', async () => {
    const error = await failWith(provider, {
      status: 400,
      body: { error: { message: 'Bad key sk-proj-AbCdEfGhIjKlMnOp in request', type: 'invalid_request_error' } },
    });
    expect(error.message).not.toContain('sk-proj-AbCdEfGhIjKlMnOp');
    expect(error.message).toContain('[redacted]');
  });

  it('a 200 with a body that is not JSON is a bad-response', async () => {
    const error = await failWith(provider, { body: '{"choices": [ this is not json' });
    expect(error).toMatchObject({ kind: 'bad-response', retryable: false });
  });

  it("the caller's AbortSignal.timeout is a timeout, a plain abort a non-fatal cancellation", async () => {
    server.script([{ delayMs: 3_000 }, { delayMs: 3_000 }]);
    const model = await createLanguageModel(fakeLlmSettings(server, provider));
    await expect(model.generate({ ...request, signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ kind: 'timeout' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const cancelled = await model.generate({ ...request, signal: controller.signal }).catch((e: unknown) => e);
    expect(cancelled).toMatchObject({ fatal: false });
    expect((cancelled as Error).message).toMatch(/cancelled/);
  });
});
