import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLanguageModel } from '../../src/llm/create-language-model.js';
import { runLlmTest } from '../../src/llm/llm-test.js';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { fakeLlmSettings } from '../helpers/fake-llm-settings.js';

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer({ latencyMs: 30 });
});
afterAll(() => server.close());

describe('runLlmTest', () => {
  it.each(['openai', 'anthropic'] as const)('%s: sends one tiny request and reports latency and usage', async (provider) => {
    server.reset();
    const model = await createLanguageModel(fakeLlmSettings(server, provider));
    const report = await runLlmTest(model);
    expect(report).toMatchObject({ provider, model: model.modelId, baseUrl: model.baseUrl });
    expect(report.latencyMs).toBeGreaterThanOrEqual(25);
    expect(report.usage.inputTokens).toBeGreaterThan(0);
    expect(report.text).toMatch(/pong/);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.schema).toBeUndefined();
  });

  it('throws the LlmError when the call fails', async () => {
    server.reset();
    server.script([{ status: 401 }]);
    const model = await createLanguageModel(fakeLlmSettings(server, 'openai'));
    await expect(runLlmTest(model)).rejects.toMatchObject({ kind: 'auth' });
  });
});
