import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { resolveLlmSettings } from '../../src/config/resolve-llm-settings.js';
import { PROVIDER_NAMES } from '../../src/llm/types.js';

const SECRET = 'secret-value-do-not-print';

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain(SECRET);
    return message;
  }
  throw new Error('expected a ConfigError');
}

const llm = (provider: string, env: Record<string, string>, flags = {}) =>
  resolveLlmSettings({ llmProvider: provider, ...flags }, env, undefined);

describe('resolveLlmSettings per provider', () => {
  it('openai', () => {
    expect(llm('openai', { OPENAI_API_KEY: 'k' })).toEqual({
      provider: 'openai',
      model: 'gpt-4o-mini',
      baseUrl: 'https://api.openai.com/v1',
      apiKey: 'k',
      apiKeyVariable: 'OPENAI_API_KEY',
      timeoutSeconds: 120,
      maxRetries: 4,
    });
    expect(llm('openai', { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://proxy:8080/v1', OPENAI_MODEL: 'gpt-4.1' })).toMatchObject({
      baseUrl: 'http://proxy:8080/v1',
      model: 'gpt-4.1',
    });
    expect(failure(() => llm('openai', {}))).toBe('OPENAI_API_KEY is not set: export it or choose another --llm-provider');
  });

  it('azure-openai', () => {
    const env = {
      AZURE_OPENAI_BASE_URL: 'https://res.openai.azure.com',
      AZURE_OPENAI_API_KEY: 'k',
      AZURE_OPENAI_DEPLOYMENT_NAME: 'gpt4o-prod',
      AZURE_OPENAI_API_VERSION: '2025-01-01-preview',
    };
    expect(llm('azure-openai', env)).toMatchObject({
      provider: 'azure-openai',
      model: 'gpt4o-prod',
      azureDeployment: 'gpt4o-prod',
      azureApiVersion: '2025-01-01-preview',
      baseUrl: 'https://res.openai.azure.com',
      apiKeyVariable: 'AZURE_OPENAI_API_KEY',
    });
    const { AZURE_OPENAI_API_VERSION: _v, ...withoutVersion } = env;
    expect(llm('azure-openai', withoutVersion).azureApiVersion).toMatch(/^\d{4}-\d{2}-\d{2}/);
    for (const variable of ['AZURE_OPENAI_BASE_URL', 'AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_DEPLOYMENT_NAME'] as const) {
      const partial: Record<string, string> = { ...env, AZURE_OPENAI_API_KEY: SECRET };
      delete partial[variable];
      expect(failure(() => llm('azure-openai', partial))).toContain(variable);
    }
  });

  it('anthropic', () => {
    expect(llm('anthropic', { ANTHROPIC_API_KEY: 'k' })).toMatchObject({ model: expect.stringMatching(/^claude-/), apiKeyVariable: 'ANTHROPIC_API_KEY' });
    expect(llm('anthropic', { ANTHROPIC_API_KEY: 'k', ANTHROPIC_MODEL: 'claude-sonnet-4-0', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/' })).toMatchObject({
      model: 'claude-sonnet-4-0',
      baseUrl: 'http://127.0.0.1:9/',
    });
    expect(failure(() => llm('anthropic', { OPENAI_API_KEY: SECRET }))).toBe(
      'ANTHROPIC_API_KEY is not set: export it or choose another --llm-provider',
    );
  });

  it('bedrock: no key, region from AWS_REGION or AWS_DEFAULT_REGION, endpoint from AWS_ENDPOINT_URL_BEDROCK_RUNTIME', () => {
    const model = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
    expect(llm('bedrock', { AWS_REGION: 'eu-central-1', AWS_SECRET_ACCESS_KEY: SECRET }, { llmModel: model })).toEqual({
      provider: 'bedrock',
      model,
      awsRegion: 'eu-central-1',
      timeoutSeconds: 120,
      maxRetries: 4,
    });
    expect(llm('bedrock', { AWS_DEFAULT_REGION: 'us-west-2', BEDROCK_MODEL_ID: 'm' })).toMatchObject({ awsRegion: 'us-west-2', model: 'm' });
    expect(llm('bedrock', { AWS_REGION: 'a', AWS_DEFAULT_REGION: 'b', BEDROCK_MODEL_ID: 'm' }).awsRegion).toBe('a');
    expect(
      llm('bedrock', { AWS_REGION: 'us-east-1', BEDROCK_MODEL_ID: 'm', AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:9' }).baseUrl,
    ).toBe('http://127.0.0.1:9');
    expect(failure(() => llm('bedrock', { BEDROCK_MODEL_ID: 'm', AWS_SECRET_ACCESS_KEY: SECRET }))).toContain('export AWS_REGION');
    expect(failure(() => llm('bedrock', { AWS_REGION: 'us-east-1' }))).toContain('BEDROCK_MODEL_ID');
    const vars = { 'dbt-osmosis': { llm: { provider: 'bedrock', region: 'ap-south-1', model: 'm' } } };
    expect(resolveLlmSettings({}, {}, vars)).toMatchObject({ provider: 'bedrock', awsRegion: 'ap-south-1', model: 'm' });
  });

  it('google-gemini', () => {
    expect(llm('google-gemini', { GOOGLE_GEMINI_API_KEY: 'k' })).toMatchObject({ model: 'gemini-2.0-flash', apiKeyVariable: 'GOOGLE_GEMINI_API_KEY' });
    expect(llm('google-gemini', { GOOGLE_GEMINI_API_KEY: 'k', GOOGLE_GEMINI_MODEL: 'gemini-2.5-pro', GOOGLE_GEMINI_BASE_URL: 'https://g.example/v1' })).toMatchObject({
      model: 'gemini-2.5-pro',
      baseUrl: 'https://g.example/v1',
    });
    expect(failure(() => llm('google-gemini', {}))).toContain('GOOGLE_GEMINI_API_KEY is not set');
  });

  it('ollama needs no key', () => {
    const settings = llm('ollama', {});
    expect(settings).toMatchObject({ provider: 'ollama', model: 'llama3.1', baseUrl: 'http://localhost:11434/v1' });
    expect(settings.apiKey).toBeUndefined();
    expect(llm('ollama', { OLLAMA_BASE_URL: 'http://gpu:11434/v1', OLLAMA_MODEL: 'qwen2.5' })).toMatchObject({ baseUrl: 'http://gpu:11434/v1', model: 'qwen2.5' });
  });

  it('lm-studio needs a model', () => {
    expect(llm('lm-studio', { LM_STUDIO_MODEL: 'phi-4' })).toMatchObject({ baseUrl: 'http://localhost:1234/v1', model: 'phi-4' });
    expect(llm('lm-studio', { LM_STUDIO_BASE_URL: 'http://h:1/v1' }, { llmModel: 'm' })).toMatchObject({ baseUrl: 'http://h:1/v1', model: 'm' });
    expect(failure(() => llm('lm-studio', {}))).toContain('LM_STUDIO_MODEL');
  });

  it('openai-compatible needs a base URL, the key is optional', () => {
    const settings = llm('openai-compatible', { OPENAI_BASE_URL: 'http://vllm:8000/v1', OPENAI_MODEL: 'mistral' });
    expect(settings).toMatchObject({ baseUrl: 'http://vllm:8000/v1', model: 'mistral' });
    expect(settings.apiKey).toBeUndefined();
    expect(failure(() => llm('openai-compatible', { OPENAI_MODEL: 'm', OPENAI_API_KEY: SECRET }))).toContain('OPENAI_BASE_URL is not set');
  });

  it('an unknown provider lists the valid ones', () => {
    const message = failure(() => resolveLlmSettings({}, { LLM_PROVIDER: 'claude' }, undefined));
    expect(message).toContain("LLM_PROVIDER: unknown LLM provider 'claude'");
    for (const name of PROVIDER_NAMES) expect(message).toContain(name);
  });

  it('reads the key through ${VAR} in dbt_project.yml without echoing it', () => {
    const vars = { 'dbt-osmosis': { llm: { provider: 'anthropic', api_key: '${MY_KEY}' } } };
    expect(resolveLlmSettings({}, { MY_KEY: SECRET }, vars).apiKey).toBe(SECRET);
    expect(failure(() => resolveLlmSettings({}, {}, vars))).toContain('MY_KEY');
    const bad = { 'dbt-osmosis': { llm: { api_key: 12345 } } };
    expect(failure(() => resolveLlmSettings({}, {}, bad))).not.toContain('12345');
  });
});
