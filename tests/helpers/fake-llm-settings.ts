/** `LlmSettings` pointing a provider at a fake LLM server (see fake-llm-server.ts). */
import type { SynthesisOptions } from '../../src/config/types.js';
import type { LlmSettings, ProviderName } from '../../src/llm/types.js';
import type { FakeLlmServer } from './fake-llm-server.js';

/** A key that does not look like one, so only the secrets list can redact it. */
export const FAKE_API_KEY = 'fake-key-Zq7Wm2Xp9Lr4Tn8';

/** A Bedrock model id of the form the real service uses (the price table knows it). */
export const FAKE_BEDROCK_MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';

/**
 * AWS credentials for the default chain, as environment variables (the chain reads the process
 * environment; spawned CLIs get them through their env). Not real: the fake checks nothing.
 */
export const FAKE_AWS_ENV: Readonly<Record<string, string>> = {
  AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKE1234',
  AWS_SECRET_ACCESS_KEY: 'fake-secret-Hq3Vn8Rt5Ky2Lp7Wd4Xs9',
  AWS_REGION: 'us-east-1',
};

export function fakeLlmSettings(
  server: Pick<FakeLlmServer, 'url' | 'openaiBaseUrl'>,
  provider: ProviderName = 'openai',
  overrides: Partial<LlmSettings> = {},
): LlmSettings {
  if (provider === 'bedrock') {
    return { provider, model: FAKE_BEDROCK_MODEL, baseUrl: server.url, awsRegion: 'us-east-1', timeoutSeconds: 10, maxRetries: 2, ...overrides };
  }
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

/** `SynthesisOptions` with the CLI's defaults, asking the fake server through `provider`. */
export function fakeSynthesisOptions(
  server: Pick<FakeLlmServer, 'url' | 'openaiBaseUrl'>,
  provider: ProviderName = 'openai',
  overrides: Partial<SynthesisOptions> = {},
): SynthesisOptions {
  return {
    llm: fakeLlmSettings(server, provider),
    llmDryRun: false,
    concurrency: 8,
    bulkThreshold: 10,
    maxRepairs: 2,
    priceOverrides: {},
    maxSqlTokens: 3000,
    maxUpstreamTokens: 2000,
    maxOutputTokensPerColumn: 200,
    ...overrides,
  };
}
