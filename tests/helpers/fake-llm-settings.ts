/** `LlmSettings` pointing a provider at a fake LLM server (see fake-llm-server.ts). */
import type { LlmSettings, ProviderName } from '../../src/llm/types.js';
import type { FakeLlmServer } from './fake-llm-server.js';

/** A key that does not look like one, so only the secrets list can redact it. */
export const FAKE_API_KEY = 'fake-key-Zq7Wm2Xp9Lr4Tn8';

export function fakeLlmSettings(
  server: Pick<FakeLlmServer, 'url' | 'openaiBaseUrl'>,
  provider: ProviderName = 'openai',
  overrides: Partial<LlmSettings> = {},
): LlmSettings {
  const baseUrl = provider === 'anthropic' || provider === 'azure-openai' ? server.url : server.openaiBaseUrl;
  return {
    provider,
    model: provider === 'anthropic' ? 'claude-fake-1' : 'gpt-fake-1',
    baseUrl,
    apiKey: FAKE_API_KEY,
    apiKeyVariable: provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : provider === 'azure-openai' ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY',
    ...(provider === 'azure-openai' ? { azureDeployment: 'fake-deployment' } : {}),
    timeoutSeconds: 10,
    maxRetries: 2,
    ...overrides,
  };
}
