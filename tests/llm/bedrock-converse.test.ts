/**
 * The Bedrock provider through the real `@aws-sdk/client-bedrock-runtime` against the fake server's
 * Converse route on 127.0.0.1 (HTTP/1.1, as real Bedrock speaks to an HTTP/1.1 client). AWS
 * credentials come from environment variables set here, through the SDK's default chain.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLanguageModel } from '../../src/llm/create-language-model.js';
import { runLlmTest } from '../../src/llm/llm-test.js';
import { generateWithRetry } from '../../src/llm/retry.js';
import { LlmError } from '../../src/llm/types.js';
import { columnSchema, sampleRequest } from '../helpers/sample-requests.js';
import { fakeDescription, startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { FAKE_AWS_ENV, FAKE_BEDROCK_MODEL, fakeLlmSettings } from '../helpers/fake-llm-settings.js';

const request = sampleRequest;

let server: FakeLlmServer;
beforeEach(async () => {
  await server?.close();
  server = await startFakeLlmServer();
  for (const [name, value] of Object.entries(FAKE_AWS_ENV)) vi.stubEnv(name, value);
});
afterEach(() => void vi.unstubAllEnvs());
afterAll(() => server?.close());

describe('bedrock provider (Converse) over HTTP', () => {
  it('forces one tool carrying the schema, signs with the env credentials, returns the tool input', async () => {
    const model = await createLanguageModel(fakeLlmSettings(server, 'bedrock'));
    expect(model.provider).toBe('bedrock');
    expect(model.baseUrl).toBe(server.url);
    const result = await model.generate(request(columnSchema));

    const sent = server.requests[0];
    expect(sent?.format).toBe('bedrock');
    expect(sent?.path).toBe(`/model/${encodeURIComponent(FAKE_BEDROCK_MODEL)}/converse`);
    expect(sent?.model).toBe(FAKE_BEDROCK_MODEL);
    // SigV4 with the access key id from the environment; the secret itself never travels.
    expect(sent?.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKE1234\/\d{8}\/us-east-1\/bedrock\/aws4_request/);
    expect(server.secretLeaks(FAKE_AWS_ENV.AWS_SECRET_ACCESS_KEY as string)).toEqual([]);
    expect(sent?.headers['authorization']).not.toContain(FAKE_AWS_ENV.AWS_SECRET_ACCESS_KEY);
    expect(sent?.body?.['toolConfig']).toEqual({
      tools: [{ toolSpec: { name: 'customer_id', description: expect.any(String), inputSchema: { json: columnSchema.schema } } }],
      toolChoice: { tool: { name: 'customer_id' } },
    });
    expect(sent?.body?.system).toEqual([{ text: 'You document dbt models.' }]);
    expect(sent?.body?.messages).toEqual([{ role: 'user', content: [{ text: 'Describe the customer_id column.' }] }]);
    expect(sent?.body?.['inferenceConfig']).toEqual({ maxTokens: 300 });

    expect(result.object).toEqual({ description: fakeDescription('customer_id') });
    expect(result.text).toBe(JSON.stringify(result.object));
    expect(result.finishReason).toBe('tool');
    expect(result.usage).toEqual(sent?.usage);
  });

  it('accepts an inference profile id and takes usage from the response', async () => {
    server.setUsage({ inputTokens: 1234, outputTokens: 56 });
    const profile = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
    const model = await createLanguageModel(fakeLlmSettings(server, 'bedrock', { model: profile, temperature: 0.2 }));
    const result = await model.generate(request(columnSchema));
    expect(server.requests[0]?.model).toBe(profile);
    expect(server.requests[0]?.body?.['inferenceConfig']).toEqual({ maxTokens: 300, temperature: 0.2 });
    expect(result.usage).toEqual({ inputTokens: 1234, outputTokens: 56 });
  });

  it('merges consecutive turns of one role (a repair conversation alternates user and assistant)', async () => {
    const model = await createLanguageModel(fakeLlmSettings(server, 'bedrock'));
    await model.generate({
      ...request(columnSchema),
      messages: [
        { role: 'system', content: 'S' },
        { role: 'user', content: 'context' },
        { role: 'user', content: 'ask' },
        { role: 'assistant', content: '{"x":1}' },
        { role: 'user', content: 'fix it' },
      ],
    });
    expect(server.requests[0]?.body?.messages).toEqual([
      { role: 'user', content: [{ text: 'context' }, { text: 'ask' }] },
      { role: 'assistant', content: [{ text: '{"x":1}' }] },
      { role: 'user', content: [{ text: 'fix it' }] },
    ]);
  });

  it('answers plain text without a schema (llm test)', async () => {
    const model = await createLanguageModel(fakeLlmSettings(server, 'bedrock'));
    const report = await runLlmTest(model);
    expect(server.requests[0]?.body?.['toolConfig']).toBeUndefined();
    expect(report).toMatchObject({ provider: 'bedrock', model: FAKE_BEDROCK_MODEL, baseUrl: server.url });
    expect(report.text).toMatch(/pong/);
    expect(report.usage.inputTokens).toBeGreaterThan(0);
  });

  it('defaults to the regional endpoint when no base URL is set', async () => {
    const model = await createLanguageModel({ ...fakeLlmSettings(server, 'bedrock'), baseUrl: undefined, awsRegion: 'eu-west-3' });
    expect(model.baseUrl).toBe('https://bedrock-runtime.eu-west-3.amazonaws.com');
  });

  it('throttling is a retryable rate limit, and our retry gets through', async () => {
    server.script([{ status: 429 }, { status: 429 }, 'ok']);
    const model = await createLanguageModel(fakeLlmSettings(server, 'bedrock'));
    const retries: string[] = [];
    const result = await generateWithRetry(model, request(columnSchema), {
      maxRetries: 3,
      sleep: async () => undefined,
      onRetry: (info) => retries.push(info.error.message),
    });
    expect(result.object).toEqual({ description: fakeDescription('customer_id') });
    expect(server.requests).toHaveLength(3);
    expect(retries).toHaveLength(2);
    expect(retries[0]).toMatch(/Amazon Bedrock \(bedrock\): throttled \(ThrottlingException, HTTP 429\)/);
  });

  it('access denied is fatal (no retry) and says which permission and variables to set', async () => {
    server.script([{ status: 403, body: { message: "You don't have access to the model with the specified model ID." } }]);
    const model = await createLanguageModel(fakeLlmSettings(server, 'bedrock'));
    const error = await generateWithRetry(model, request(columnSchema), { maxRetries: 3, sleep: async () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ kind: 'auth', fatal: true, retryable: false, status: 403 });
    const message = (error as LlmError).message;
    expect(message).toContain('AccessDeniedException');
    expect(message).toContain(`bedrock:InvokeModel on ${FAKE_BEDROCK_MODEL} in us-east-1`);
    expect(message).toMatch(/AWS_PROFILE.*AWS_ACCESS_KEY_ID.*AWS_SECRET_ACCESS_KEY/);
    expect(server.requests).toHaveLength(1);
  });

  it('rejected credentials are fatal auth errors', async () => {
    server.script([{ status: 401, body: { message: 'The security token included in the request is invalid.' } }]);
    const model = await createLanguageModel(fakeLlmSettings(server, 'bedrock'));
    await expect(model.generate(request(columnSchema))).rejects.toMatchObject({ kind: 'auth', fatal: true });
  });

  it.each([
    [503, 'server'],
    [500, 'server'],
    [424, 'server'],
    [408, 'timeout'],
    [400, 'bad-request'],
    [404, 'bad-request'],
  ] as const)('HTTP %i maps to %s', async (status, kind) => {
    server.script([{ status }]);
    const model = await createLanguageModel(fakeLlmSettings(server, 'bedrock'));
    await expect(model.generate(request(columnSchema))).rejects.toMatchObject({ kind, status });
  });

  it('no answer within the timeout is a retryable timeout', async () => {
    server.script([{ delayMs: 3000 }]);
    const model = await createLanguageModel(fakeLlmSettings(server, 'bedrock', { timeoutSeconds: 0.3 }));
    const error = await model.generate(request(columnSchema)).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
    expect((error as Error).message).toMatch(/within 0.3s/);
  });

  it('a dropped connection is a retryable connection error', async () => {
    server.script([{ drop: true }]);
    const model = await createLanguageModel(fakeLlmSettings(server, 'bedrock'));
    await expect(model.generate(request(columnSchema))).rejects.toMatchObject({ kind: 'connection', retryable: true });
  });

  it('an unparseable body is a bad response', async () => {
    server.script([{ body: 'not json' }]);
    const model = await createLanguageModel(fakeLlmSettings(server, 'bedrock'));
    await expect(model.generate(request(columnSchema))).rejects.toMatchObject({ kind: 'bad-response' });
  });

  it('no credentials anywhere is a fatal auth error naming what to set', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    vi.stubEnv('AWS_PROFILE', 'osmosis-test-no-such-profile');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/aws-config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/aws-credentials');
    const model = await createLanguageModel(fakeLlmSettings(server, 'bedrock'));
    const error = await model.generate(request(columnSchema)).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth', fatal: true });
    expect((error as Error).message).toMatch(/no AWS credentials found.*Set AWS_PROFILE/);
    expect(server.requests).toHaveLength(0);
  });

  it('an empty answer is a bad-response error; a cut answer has finish reason length', async () => {
    server.script([{ empty: true }, { truncatedJson: true }]);
    const model = await createLanguageModel(fakeLlmSettings(server, 'bedrock'));
    await expect(model.generate(request(columnSchema))).rejects.toMatchObject({ kind: 'bad-response' });
    const cut = await model.generate(request(columnSchema));
    expect(cut.object).toBeUndefined();
    expect(cut.finishReason).toBe('length');
  });
});
