/**
 * Prompt caching through the real SDKs: Anthropic gets a `cache_control` breakpoint on the end of
 * the shared prefix, and every provider's cached-input numbers come back in our `Usage` shape
 * (input counts every token; `cachedInputTokens` / `cacheWriteInputTokens` say which part).
 */
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLanguageModel } from '../../src/llm/create-language-model.js';
import type { GenerateRequest } from '../../src/llm/types.js';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { FAKE_AWS_ENV, fakeLlmSettings } from '../helpers/fake-llm-settings.js';

const schema = { name: 'description', schema: { type: 'object', properties: { description: { type: 'string' } }, required: ['description'], additionalProperties: false } };
const context = `The dbt model "orders".\n\n<<<BEGIN sql>>>\n${'select a, b from t '.repeat(40)}\n<<<END sql>>>`;
const ask = (column: string): GenerateRequest => ({
  messages: [
    { role: 'system', content: 'You document dbt models.' },
    { role: 'user', content: context, cacheBreakpoint: true },
    { role: 'user', content: `Document the column "${column}".` },
  ],
  responseSchema: schema,
  maxOutputTokens: 100,
});

let server: FakeLlmServer;
beforeEach(async () => {
  await server?.close();
  server = await startFakeLlmServer({ promptCacheMinTokens: 50 });
  for (const [name, value] of Object.entries(FAKE_AWS_ENV)) vi.stubEnv(name, value);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await server?.close();
});

describe('prompt caching on the wire', () => {
  it('anthropic: marks the shared prefix with cache_control; the first request writes it, the next reads it', async () => {
    const model = await createLanguageModel(fakeLlmSettings(server, 'anthropic'));
    const first = await model.generate(ask('a'));
    const second = await model.generate(ask('b'));
    expect(server.requests[0]?.body?.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: context, cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Document the column "a".' }] },
    ]);
    const prefixTokens = Math.floor(`You document dbt models.\n${context}`.length / 4);
    expect(first.usage).toEqual({ inputTokens: server.requests[0]?.usage?.inputTokens, outputTokens: expect.any(Number), cacheWriteInputTokens: prefixTokens });
    expect(second.usage).toEqual({ inputTokens: server.requests[1]?.usage?.inputTokens, outputTokens: expect.any(Number), cachedInputTokens: prefixTokens });
    // Anthropic's input_tokens leave the cached part out; ours count it.
    expect(second.usage.inputTokens).toBeGreaterThan(prefixTokens);
  });

  it('anthropic: a request without a breakpoint sends plain string content and caches nothing', async () => {
    const model = await createLanguageModel(fakeLlmSettings(server, 'anthropic'));
    const plain = { ...ask('a'), messages: [{ role: 'user' as const, content: context }] };
    await model.generate(plain);
    const again = await model.generate(plain);
    expect(server.requests[0]?.body?.messages).toEqual([{ role: 'user', content: context }]);
    expect(again.usage.cachedInputTokens).toBeUndefined();
  });

  it('openai: sends the messages as they are and reads prompt_tokens_details.cached_tokens', async () => {
    const model = await createLanguageModel(fakeLlmSettings(server, 'openai'));
    const first = await model.generate(ask('a'));
    const second = await model.generate(ask('b'));
    expect(server.requests[0]?.body?.messages?.map((m) => m.role)).toEqual(['system', 'user', 'user']);
    expect(JSON.stringify(server.requests[0]?.body)).not.toContain('cache');
    expect(first.usage.cachedInputTokens).toBeUndefined();
    expect(second.usage.cachedInputTokens).toBeGreaterThanOrEqual(50);
    expect(second.usage.inputTokens).toBe(server.requests[1]?.usage?.inputTokens);
  });

  it('bedrock: reads cacheReadInputTokens and cacheWriteInputTokens from Converse usage', async () => {
    server.setUsage({ inputTokens: 3000, outputTokens: 20, cachedInputTokens: 2048, cacheWriteInputTokens: 512 });
    const model = await createLanguageModel(fakeLlmSettings(server, 'bedrock'));
    const result = await model.generate(ask('a'));
    expect(server.requests[0]?.answerText).toBeDefined();
    expect(result.usage).toEqual({ inputTokens: 3000, outputTokens: 20, cachedInputTokens: 2048, cacheWriteInputTokens: 512 });
  });
});
