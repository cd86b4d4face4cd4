import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLanguageModel } from '../../src/llm/create-language-model.js';
import type { GenerateRequest, ResponseSchema } from '../../src/llm/types.js';
import { fakeDescription, startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { FAKE_API_KEY, fakeLlmSettings } from '../helpers/fake-llm-settings.js';

const bulkSchema: ResponseSchema = {
  name: 'orders_docs',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['model_description', 'columns'],
    properties: {
      model_description: { type: 'string' },
      columns: {
        type: 'object',
        additionalProperties: false,
        required: ['order_id', 'customer_id'],
        properties: { order_id: { type: 'string' }, customer_id: { type: 'string' } },
      },
    },
  },
};

const request = (schema?: ResponseSchema): GenerateRequest => ({
  messages: [
    { role: 'system', content: 'You document dbt models.' },
    { role: 'user', content: 'Describe the orders model.' },
  ],
  maxOutputTokens: 500,
  temperature: 0.2,
  ...(schema ? { responseSchema: schema } : {}),
});

let server: FakeLlmServer;
beforeEach(async () => {
  await server?.close();
  server = await startFakeLlmServer();
});
afterAll(() => server?.close());

describe('openai provider over HTTP', () => {
  it('sends json_schema with strict:true and the exact required properties, and parses the answer', async () => {
    const model = await createLanguageModel(fakeLlmSettings(server, 'openai'));
    const result = await model.generate(request(bulkSchema));

    const sent = server.requests[0];
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.format).toBe('openai');
    expect(sent?.headers['authorization']).toBe(`Bearer ${FAKE_API_KEY}`);
    expect(sent?.body?.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'orders_docs', strict: true, schema: bulkSchema.schema },
    });
    expect(sent?.body?.messages?.[0]).toEqual({ role: 'system', content: 'You document dbt models.' });
    expect(sent?.body?.max_completion_tokens).toBe(500);
    expect(sent?.body?.temperature).toBe(0.2);
    expect(server.secretLeaks(FAKE_API_KEY)).toEqual([]);

    expect(result.object).toEqual({
      model_description: fakeDescription('model_description'),
      columns: { order_id: fakeDescription('order_id'), customer_id: fakeDescription('customer_id') },
    });
    expect(JSON.parse(result.text)).toEqual(result.object);
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toEqual(sent?.usage);
    expect(result.usage.inputTokens).toBe(Math.ceil(sent!.prompt.length / 4));
    expect(result.warnings).toEqual([]);
  });

  it('reports the effective base URL, default and configured', async () => {
    const model = await createLanguageModel(fakeLlmSettings(server, 'openai', { baseUrl: `${server.openaiBaseUrl}/` }));
    expect(model.baseUrl).toBe(server.openaiBaseUrl);
    expect(model.provider).toBe('openai');
    expect(model.modelId).toBe('gpt-fake-1');
    const defaults = await createLanguageModel({ ...fakeLlmSettings(server, 'openai'), baseUrl: undefined });
    expect(defaults.baseUrl).toBe('https://api.openai.com/v1');
    const gemini = await createLanguageModel({ ...fakeLlmSettings(server, 'google-gemini'), baseUrl: undefined });
    expect(gemini.baseUrl).toBe('https://generativelanguage.googleapis.com/v1beta/openai');
    const ollama = await createLanguageModel({ ...fakeLlmSettings(server, 'ollama'), baseUrl: undefined, apiKey: undefined });
    expect(ollama.baseUrl).toBe('http://localhost:11434/v1');
    const lmStudio = await createLanguageModel({ ...fakeLlmSettings(server, 'lm-studio'), baseUrl: undefined });
    expect(lmStudio.baseUrl).toBe('http://localhost:1234/v1');
  });

  it('answers plain text without a schema', async () => {
    const model = await createLanguageModel(fakeLlmSettings(server, 'openai-compatible'));
    const result = await model.generate(request());
    expect(server.requests[0]?.body?.response_format).toBeUndefined();
    expect(server.requests[0]?.body?.max_tokens).toBe(500);
    expect(result.object).toBeUndefined();
    expect(result.text).toMatch(/pong/);
  });

  it('local providers work without a key and never send OPENAI_API_KEY from the environment', async () => {
    const before = process.env['OPENAI_API_KEY'];
    process.env['OPENAI_API_KEY'] = 'sk-env-should-not-be-sent-123456';
    try {
      const model = await createLanguageModel({ ...fakeLlmSettings(server, 'ollama'), apiKey: undefined });
      await model.generate(request());
      expect(server.requests[0]?.headers['authorization']).toBe('Bearer ollama');
    } finally {
      if (before === undefined) delete process.env['OPENAI_API_KEY'];
      else process.env['OPENAI_API_KEY'] = before;
    }
  });

  it('fails with an auth error naming the variable when a hosted provider has no key', async () => {
    const settings = { ...fakeLlmSettings(server, 'openai'), apiKey: undefined };
    await expect(createLanguageModel(settings)).rejects.toMatchObject({ kind: 'auth', fatal: true });
    await expect(createLanguageModel(settings)).rejects.toThrow(/OPENAI_API_KEY/);
  });

  it('openai-compatible without a base URL is a clear configuration error', async () => {
    const settings = { ...fakeLlmSettings(server, 'openai-compatible'), baseUrl: undefined };
    await expect(createLanguageModel(settings)).rejects.toThrow(/needs a base URL/);
  });

  it('leaves object undefined and keeps the text when the JSON is truncated', async () => {
    server.script([{ truncatedJson: true }]);
    const model = await createLanguageModel(fakeLlmSettings(server, 'openai'));
    const result = await model.generate(request(bulkSchema));
    expect(result.object).toBeUndefined();
    expect(result.text).toBe(server.requests[0]?.answerText);
    expect(result.finishReason).toBe('length');
  });

  it('an empty answer is a bad-response error', async () => {
    server.script([{ empty: true }]);
    const model = await createLanguageModel(fakeLlmSettings(server, 'openai'));
    await expect(model.generate(request(bulkSchema))).rejects.toMatchObject({ kind: 'bad-response', retryable: false });
  });

  it('falls back to JSON mode when the server rejects json_schema, once per model', async () => {
    await server.close();
    server = await startFakeLlmServer({ rejectJsonSchema: true });
    const model = await createLanguageModel(fakeLlmSettings(server, 'openai-compatible'));

    const first = await model.generate(request(bulkSchema));
    expect(server.requests.map((r) => r.schemaMode)).toEqual(['json_schema', 'json_object']);
    expect(server.requests[0]?.status).toBe(400);
    const retried = server.requests[1]!;
    expect(retried.body?.response_format).toEqual({ type: 'json_object' });
    expect(retried.body?.messages?.[0]?.role).toBe('system');
    expect(retried.body?.messages?.[0]?.content).toContain(JSON.stringify(bulkSchema.schema));
    expect(first.object).toEqual({
      model_description: fakeDescription('model_description'),
      columns: { order_id: fakeDescription('order_id'), customer_id: fakeDescription('customer_id') },
    });
    expect(first.warnings.join(' ')).toMatch(/fell back to JSON mode/);

    const second = await model.generate(request(bulkSchema));
    expect(server.requests).toHaveLength(3);
    expect(server.requests[2]?.schemaMode).toBe('json_object');
    expect(second.warnings).toEqual([]);
  });

  it('drops response_format entirely when JSON mode is rejected too', async () => {
    server.setRespond((req) =>
      req.body?.response_format
        ? { status: 400, body: { error: { message: 'Unknown parameter: response_format', type: 'invalid_request_error' } } }
        : undefined,
    );
    const model = await createLanguageModel(fakeLlmSettings(server, 'openai-compatible'));
    const result = await model.generate(request(bulkSchema));
    expect(server.requests.map((r) => r.schemaMode)).toEqual(['json_schema', 'json_object', 'instructions']);
    expect(server.requests[2]?.body?.response_format).toBeUndefined();
    expect(result.object).toMatchObject({ columns: { order_id: fakeDescription('order_id') } });
    expect(result.warnings.join(' ')).toMatch(/plain instructions/);
  });

  it('does not fall back on a 400 unrelated to response_format', async () => {
    server.script([{ status: 400 }]);
    const model = await createLanguageModel(fakeLlmSettings(server, 'openai'));
    await expect(model.generate(request(bulkSchema))).rejects.toMatchObject({ kind: 'bad-request', status: 400 });
    expect(server.requests).toHaveLength(1);
  });
});

describe('azure-openai provider over HTTP', () => {
  it('calls the deployment path with api-version and the api-key header', async () => {
    const model = await createLanguageModel(fakeLlmSettings(server, 'azure-openai'));
    expect(model.baseUrl).toBe(`${server.url}/openai/deployments/fake-deployment`);
    const result = await model.generate(request(bulkSchema));
    const sent = server.requests[0];
    expect(sent?.format).toBe('azure');
    expect(sent?.path).toBe('/openai/deployments/fake-deployment/chat/completions');
    expect(sent?.deployment).toBe('fake-deployment');
    expect(sent?.query['api-version']).toBe('2024-10-21');
    expect(sent?.headers['api-key']).toBe(FAKE_API_KEY);
    expect(sent?.body?.response_format?.json_schema?.strict).toBe(true);
    expect(result.object).toBeDefined();
    expect(server.counts()).toEqual({ openai: 0, azure: 1, anthropic: 0, bedrock: 0, total: 1 });
  });

  it('honours a configured api version', async () => {
    const model = await createLanguageModel(fakeLlmSettings(server, 'azure-openai', { azureApiVersion: '2025-01-01-preview' }));
    await model.generate(request());
    expect(server.requests[0]?.query['api-version']).toBe('2025-01-01-preview');
  });
});
