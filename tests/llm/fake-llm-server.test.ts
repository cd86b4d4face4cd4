import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLanguageModel } from '../../src/llm/create-language-model.js';
import type { GenerateRequest } from '../../src/llm/types.js';
import {
  fakeDescription,
  PLACEHOLDER_DESCRIPTION,
  startFakeLlmServer,
  type FakeLlmServer,
} from '../helpers/fake-llm-server.js';
import { fakeLlmSettings } from '../helpers/fake-llm-settings.js';

const bulk = (columns: string[]): GenerateRequest => ({
  messages: [{ role: 'user', content: 'Describe these columns.' }],
  maxOutputTokens: 500,
  responseSchema: {
    name: 'bulk',
    schema: {
      type: 'object',
      required: ['columns'],
      properties: {
        columns: {
          type: 'object',
          required: columns,
          properties: Object.fromEntries(columns.map((c) => [c, { type: 'string' }])),
        },
      },
    },
  },
});

async function post(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

let server: FakeLlmServer;
beforeEach(async () => {
  await server?.close();
  server = await startFakeLlmServer();
});
afterAll(() => server?.close());

describe('fakeDescription', () => {
  it('is deterministic, 15-25 words, and names the property', () => {
    for (const name of ['id', 'customer_id', 'orderDate', 'very_long_column_name_with_many_parts', 'model_description', 'x']) {
      const text = fakeDescription(name);
      expect(text).toBe(fakeDescription(name));
      const words = text.split(/\s+/).length;
      expect(words, `${name}: ${text}`).toBeGreaterThanOrEqual(15);
      expect(words, `${name}: ${text}`).toBeLessThanOrEqual(25);
    }
    expect(fakeDescription('customer_id').toLowerCase()).toContain('customer id');
    expect(fakeDescription('a')).not.toBe(fakeDescription('b'));
  });
});

describe('fake LLM server', () => {
  it('fills nested required properties, and the default usage is chars/4', async () => {
    const model = await createLanguageModel(fakeLlmSettings(server, 'openai'));
    const result = await model.generate(bulk(['a', 'b']));
    expect(result.object).toEqual({ columns: { a: fakeDescription('a'), b: fakeDescription('b') } });
    expect(result.usage).toEqual({
      inputTokens: Math.ceil('Describe these columns.'.length / 4),
      outputTokens: Math.ceil(result.text.length / 4),
    });
  });

  it('applies answer faults: missing, extra, placeholder, literal text and object', async () => {
    server.script([
      { missingColumns: 1 },
      { extraColumns: ['invented'] },
      { invalid: 'placeholder' },
      { text: 'not json at all' },
      { answer: { columns: { a: 'A.' } } },
    ]);
    const model = await createLanguageModel(fakeLlmSettings(server, 'anthropic'));
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await model.generate(bulk(['a', 'b', 'c'])));
    expect(Object.keys((answers[0]?.object as { columns: object }).columns)).toEqual(['a', 'b']);
    expect(Object.keys((answers[1]?.object as { columns: object }).columns)).toEqual(['a', 'b', 'c', 'invented']);
    expect(answers[2]?.object).toEqual({
      columns: { a: PLACEHOLDER_DESCRIPTION, b: PLACEHOLDER_DESCRIPTION, c: PLACEHOLDER_DESCRIPTION },
    });
    expect(answers[3]?.text).toBe('not json at all');
    expect(answers[3]?.object).toBeUndefined();
    expect(answers[4]?.object).toEqual({ columns: { a: 'A.' } });
    expect(server.pending()).toBe(0);
  });

  it('usage can be fixed, partial, per behaviour or computed', async () => {
    const model = await createLanguageModel(fakeLlmSettings(server, 'openai'));
    server.setUsage({ inputTokens: 100 });
    const partial = await model.generate(bulk(['a']));
    expect(partial.usage.inputTokens).toBe(100);
    expect(partial.usage.outputTokens).toBe(Math.ceil(partial.text.length / 4));
    server.setUsage((req) => ({ inputTokens: req.seq + 1000, outputTokens: 7 }));
    expect((await model.generate(bulk(['a']))).usage).toEqual({ inputTokens: 1001, outputTokens: 7 });
    server.script([{ usage: { outputTokens: 3 } }]);
    expect((await model.generate(bulk(['a']))).usage.outputTokens).toBe(3);
  });

  it('the respond hook runs before the script', async () => {
    server.script([{ status: 500 }]);
    server.setRespond((req) => (req.seq === 0 ? { text: 'from hook' } : undefined));
    const model = await createLanguageModel(fakeLlmSettings(server, 'openai'));
    expect((await model.generate(bulk(['a']))).text).toBe('from hook');
    await expect(model.generate(bulk(['a']))).rejects.toMatchObject({ kind: 'server' });
  });

  it('speaks /chat/completions without /v1, counts per format, and 404s unknown paths', async () => {
    const chat = await post(`${server.url}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(chat.status).toBe(200);
    expect(chat.json).toMatchObject({ object: 'chat.completion', choices: [{ message: { role: 'assistant' } }] });
    const missing = await post(`${server.url}/v1/embeddings`, {});
    expect(missing.status).toBe(404);
    const anthropic = await post(`${server.url}/v1/messages`, { model: 'c', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
    expect(anthropic.json).toMatchObject({ type: 'message', content: [{ type: 'text' }] });
    const converse = await post(`${server.url}/model/${encodeURIComponent('amazon.nova-lite-v1:0')}/converse`, { messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
    expect(converse.json).toMatchObject({ output: { message: { role: 'assistant', content: [{ text: expect.any(String) }] } }, stopReason: 'end_turn' });
    expect(server.requests[3]?.model).toBe('amazon.nova-lite-v1:0');
    expect(server.counts()).toEqual({ openai: 1, azure: 0, anthropic: 1, bedrock: 1, total: 4 });
  });

  it('adds latency to every answer', async () => {
    server.setLatency(80);
    const started = Date.now();
    await post(`${server.openaiBaseUrl}/chat/completions`, { model: 'm', messages: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('kill() stops it mid-run: in-flight calls fail with a connection error, later ones are refused', async () => {
    server.script([{ delayMs: 10_000 }]);
    const model = await createLanguageModel(fakeLlmSettings(server, 'openai'));
    const inFlight = model.generate(bulk(['a']));
    await server.waitForRequests(1);
    await server.kill();
    await expect(inFlight).rejects.toMatchObject({ kind: 'connection' });
    await expect(model.generate(bulk(['a']))).rejects.toMatchObject({ kind: 'connection' });
  });

  it('secretLeaks finds a key outside the auth headers', async () => {
    await fetch(`${server.openaiBaseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer s3cret-value', 'x-debug': 's3cret-value' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'key s3cret-value' }] }),
    });
    expect(server.secretLeaks('s3cret-value')).toEqual(['request 0 header x-debug', 'request 0 body']);
  });
});
