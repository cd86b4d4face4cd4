import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLanguageModel } from '../../src/llm/create-language-model.js';
import { columnSchema, sampleRequest } from '../helpers/sample-requests.js';
import { fakeDescription, startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { FAKE_API_KEY, fakeLlmSettings } from '../helpers/fake-llm-settings.js';

const request = sampleRequest;

let server: FakeLlmServer;
beforeEach(async () => {
  await server?.close();
  server = await startFakeLlmServer();
});
afterAll(() => server?.close());

describe('anthropic provider over HTTP', () => {
  it('forces one tool whose input_schema is the schema and returns its input as the object', async () => {
    const model = await createLanguageModel(fakeLlmSettings(server, 'anthropic'));
    expect(model.baseUrl).toBe(server.url);
    const result = await model.generate(request(columnSchema));

    const sent = server.requests[0];
    expect(sent?.path).toBe('/v1/messages');
    expect(sent?.format).toBe('anthropic');
    // This SDK version sends the key as a bearer token; older ones used x-api-key.
    expect(sent?.headers['x-api-key'] ?? sent?.headers['authorization']).toContain(FAKE_API_KEY);
    expect(sent?.headers['anthropic-version']).toBeDefined();
    expect(sent?.body?.tools).toHaveLength(1);
    expect(sent?.body?.tools?.[0]?.name).toBe('customer_id');
    expect(sent?.body?.tools?.[0]?.input_schema).toEqual(columnSchema.schema);
    expect(typeof sent?.body?.tools?.[0]?.description).toBe('string');
    expect(sent?.body?.tool_choice).toEqual({ type: 'tool', name: 'customer_id' });
    expect(sent?.body?.system).toBe('You document dbt models.');
    expect(sent?.body?.messages).toEqual([{ role: 'user', content: 'Describe the customer_id column.' }]);
    expect(sent?.body?.max_tokens).toBe(300);
    expect(server.secretLeaks(FAKE_API_KEY)).toEqual([]);

    expect(result.object).toEqual({ description: fakeDescription('customer_id') });
    expect(result.text).toBe(JSON.stringify(result.object));
    expect(result.finishReason).toBe('tool');
    expect(result.usage).toEqual(sent?.usage);
  });

  it('defaults to api.anthropic.com', async () => {
    const model = await createLanguageModel({ ...fakeLlmSettings(server, 'anthropic'), baseUrl: undefined });
    expect(model.baseUrl).toBe('https://api.anthropic.com');
  });

  it('answers plain text without a schema', async () => {
    const model = await createLanguageModel(fakeLlmSettings(server, 'anthropic'));
    const result = await model.generate(request());
    expect(server.requests[0]?.body?.tools).toBeUndefined();
    expect(result.text).toMatch(/pong/);
    expect(result.object).toBeUndefined();
    expect(result.finishReason).toBe('stop');
  });

  it('maps usage from input_tokens/output_tokens', async () => {
    server.setUsage({ inputTokens: 1234, outputTokens: 56 });
    const model = await createLanguageModel(fakeLlmSettings(server, 'anthropic'));
    const result = await model.generate(request(columnSchema));
    expect(result.usage).toEqual({ inputTokens: 1234, outputTokens: 56 });
  });

  it('truncated JSON in a text block leaves object undefined', async () => {
    server.script([{ truncatedJson: true }]);
    const model = await createLanguageModel(fakeLlmSettings(server, 'anthropic'));
    const result = await model.generate(request(columnSchema));
    expect(result.object).toBeUndefined();
    expect(result.text).toBe(server.requests[0]?.answerText);
    expect(result.finishReason).toBe('length');
  });

  it('an empty answer is a bad-response error', async () => {
    server.script([{ empty: true }]);
    const model = await createLanguageModel(fakeLlmSettings(server, 'anthropic'));
    await expect(model.generate(request(columnSchema))).rejects.toMatchObject({ kind: 'bad-response' });
  });
});
