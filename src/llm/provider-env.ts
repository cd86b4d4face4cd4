import type { ProviderName } from './types.js';

/** The environment variables each provider reads (the names dbt-osmosis users already set). */
export interface ProviderEnv {
  keyVariable?: string;
  keyRequired: boolean;
  baseUrlVariable?: string;
  baseUrlRequired: boolean;
  defaultBaseUrl?: string;
  /** For azure-openai this is the deployment name, which is also the model id. */
  modelVariable?: string;
  /** Undefined: a model must be configured. */
  defaultModel?: string;
  apiVersionVariable?: string;
  defaultApiVersion?: string;
  /** Bedrock: where the region is read from, first set wins. */
  regionVariables?: readonly string[];
  /** Secrets the provider's SDK reads by itself (AWS credentials), redacted like keys. */
  sdkSecretVariables?: readonly string[];
}

/** Azure OpenAI's API version when none is configured. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

/**
 * Each provider's variables and defaults, the one place they are written: config resolution reads
 * the variables, and `provider-defaults.ts` falls back to the same base URLs at call time.
 */
export const PROVIDER_ENV: Record<ProviderName, ProviderEnv> = {
  openai: {
    keyVariable: 'OPENAI_API_KEY',
    keyRequired: true,
    baseUrlVariable: 'OPENAI_BASE_URL',
    baseUrlRequired: false,
    defaultBaseUrl: 'https://api.openai.com/v1',
    modelVariable: 'OPENAI_MODEL',
    defaultModel: 'gpt-4o-mini',
  },
  'azure-openai': {
    keyVariable: 'AZURE_OPENAI_API_KEY',
    keyRequired: true,
    baseUrlVariable: 'AZURE_OPENAI_BASE_URL',
    baseUrlRequired: true,
    modelVariable: 'AZURE_OPENAI_DEPLOYMENT_NAME',
    apiVersionVariable: 'AZURE_OPENAI_API_VERSION',
    defaultApiVersion: DEFAULT_AZURE_API_VERSION,
  },
  anthropic: {
    keyVariable: 'ANTHROPIC_API_KEY',
    keyRequired: true,
    baseUrlVariable: 'ANTHROPIC_BASE_URL',
    baseUrlRequired: false,
    defaultBaseUrl: 'https://api.anthropic.com',
    modelVariable: 'ANTHROPIC_MODEL',
    defaultModel: 'claude-3-5-haiku-latest',
  },
  // No key variable: the AWS SDK's default credential chain (environment, AWS_PROFILE and shared
  // config, SSO, container and instance roles) supplies credentials, so no key flag exists.
  bedrock: {
    keyRequired: false,
    baseUrlVariable: 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME',
    baseUrlRequired: false,
    modelVariable: 'BEDROCK_MODEL_ID',
    regionVariables: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
    sdkSecretVariables: ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_BEARER_TOKEN_BEDROCK'],
  },
  'google-gemini': {
    keyVariable: 'GOOGLE_GEMINI_API_KEY',
    keyRequired: true,
    baseUrlVariable: 'GOOGLE_GEMINI_BASE_URL',
    baseUrlRequired: false,
    // Gemini's OpenAI-compatible endpoint: the OpenAI SDK talks to it unchanged.
    defaultBaseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai/',
    modelVariable: 'GOOGLE_GEMINI_MODEL',
    defaultModel: 'gemini-2.0-flash',
  },
  ollama: {
    keyRequired: false,
    baseUrlVariable: 'OLLAMA_BASE_URL',
    baseUrlRequired: false,
    defaultBaseUrl: 'http://localhost:11434/v1',
    modelVariable: 'OLLAMA_MODEL',
    defaultModel: 'llama3.1',
  },
  'lm-studio': {
    keyRequired: false,
    baseUrlVariable: 'LM_STUDIO_BASE_URL',
    baseUrlRequired: false,
    defaultBaseUrl: 'http://localhost:1234/v1',
    modelVariable: 'LM_STUDIO_MODEL',
  },
  'openai-compatible': {
    keyVariable: 'OPENAI_API_KEY',
    keyRequired: false,
    baseUrlVariable: 'OPENAI_BASE_URL',
    baseUrlRequired: true,
    modelVariable: 'OPENAI_MODEL',
  },
};

/** Every variable that holds a secret, for redaction. */
export const SECRET_VARIABLES: readonly string[] = [
  ...new Set(
    Object.values(PROVIDER_ENV).flatMap((spec) => [
      ...(spec.keyVariable === undefined ? [] : [spec.keyVariable]),
      ...(spec.sdkSecretVariables ?? []),
    ]),
  ),
];
