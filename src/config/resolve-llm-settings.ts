import type { LlmSettings, ProviderName } from '../llm/types.js';
import { PROVIDER_NAMES } from '../llm/types.js';
import { ConfigError } from './errors.js';
import type { ConfigOrigins } from './origins.js';
import {
  parseHttpUrl,
  parseNonNegativeInt,
  parsePositiveNumber,
  parseString,
  parseTemperature,
  type ValueParser,
} from './parse-values.js';
import { fromEnv, fromFlag, fromVars, pickOptional, pickOrDefault, pickSetting } from './pick-setting.js';
import { readOsmosisVars, type OsmosisVars } from './project-vars.js';
import { PROVIDER_ENV } from './provider-env.js';
import type { RawFlags } from './raw-flags.js';

type Env = Record<string, string | undefined>;

export const DEFAULT_LLM_TIMEOUT_SECONDS = 120;
export const DEFAULT_LLM_MAX_RETRIES = 4;

const parseProvider: ValueParser<ProviderName> = (raw, label) => {
  const name = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
  const known = PROVIDER_NAMES.find((provider) => provider === name);
  if (known !== undefined) return known;
  throw new ConfigError(
    `${label}: unknown LLM provider '${String(raw)}'; expected one of ${PROVIDER_NAMES.join(', ')}`,
  );
};

// Never echoes the value: it is a secret.
const parseSecret: ValueParser<string> = (raw, label) => {
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  throw new ConfigError(`${label}: expected the API key as a string`);
};

export interface LlmResolveOptions {
  /** False for plans that make no call (`--llm-dry-run`): a missing key is then not an error. */
  requireKey?: boolean;
  /** Prefix of the origin paths; `synthesis.llm` inside `DocumentOptions`. */
  originPrefix?: string;
}

/**
 * Provider settings: flag > provider environment variables > `vars: dbt-osmosis: llm:` > defaults.
 * Values under `llm:` for model, endpoint and key apply only when `llm.provider` there is unset
 * or names the provider in effect, so `--llm-provider ollama` does not inherit an OpenAI model.
 */
export function resolveLlmFromVars(
  flags: RawFlags,
  env: Env,
  vars: OsmosisVars,
  origins: ConfigOrigins,
  options: LlmResolveOptions = {},
): LlmSettings {
  const at = (key: string) => `${options.originPrefix ?? 'llm'}.${key}`;
  const llm = vars.llm;
  const provider = pickOrDefault(
    at('provider'),
    origins,
    [fromFlag('--llm-provider', flags.llmProvider), fromEnv(env, 'LLM_PROVIDER'), fromVars(llm.get('provider'))],
    parseProvider,
    env,
    'openai',
  );
  const varsProvider = pickSetting([fromVars(llm.get('provider'))], parseProvider, env)?.value;
  const varsApply = varsProvider === undefined || varsProvider === provider;
  const fromProviderVars = (key: string) => fromVars(varsApply ? llm.get(key) : undefined);
  const spec = PROVIDER_ENV[provider];

  const modelCandidates = [
    fromFlag('--llm-model', flags.llmModel),
    ...(spec.modelVariable === undefined ? [] : [fromEnv(env, spec.modelVariable)]),
    ...(provider === 'azure-openai' ? [fromProviderVars('deployment')] : []),
    fromProviderVars('model'),
  ];
  const model = pickOptional(at('model'), origins, modelCandidates, parseString, env) ?? spec.defaultModel;
  if (model === undefined) {
    throw new ConfigError(
      `no model set for ${provider}: export ${spec.modelVariable ?? 'a model variable'} or pass --llm-model`,
    );
  }
  origins[at('model')] ??= { kind: 'default' };

  const baseUrlCandidates = [
    fromFlag('--llm-base-url', flags.llmBaseUrl),
    ...(spec.baseUrlVariable === undefined ? [] : [fromEnv(env, spec.baseUrlVariable)]),
    fromProviderVars('base_url'),
  ];
  const baseUrl = pickOptional(at('baseUrl'), origins, baseUrlCandidates, parseHttpUrl, env) ?? spec.defaultBaseUrl;
  if (baseUrl === undefined && spec.baseUrlRequired) {
    throw new ConfigError(
      `${spec.baseUrlVariable ?? 'the base URL'} is not set: export it or pass --llm-base-url (${provider} needs an endpoint)`,
    );
  }
  if (baseUrl !== undefined) origins[at('baseUrl')] ??= { kind: 'default' };

  const keyCandidates = [
    ...(spec.keyVariable === undefined ? [] : [fromEnv(env, spec.keyVariable)]),
    fromProviderVars('api_key'),
  ];
  const apiKey = pickOptional(at('apiKey'), origins, keyCandidates, parseSecret, env);
  if (apiKey === undefined && spec.keyRequired && options.requireKey !== false) {
    throw new ConfigError(
      `${spec.keyVariable ?? 'the API key'} is not set: export it or choose another --llm-provider`,
    );
  }

  const settings: LlmSettings = {
    provider,
    model,
    timeoutSeconds: pickOrDefault(
      at('timeoutSeconds'),
      origins,
      [fromFlag('--llm-timeout', flags.llmTimeout), fromVars(llm.get('timeout'))],
      parsePositiveNumber,
      env,
      DEFAULT_LLM_TIMEOUT_SECONDS,
    ),
    maxRetries: pickOrDefault(
      at('maxRetries'),
      origins,
      [fromFlag('--llm-max-retries', flags.llmMaxRetries), fromVars(llm.get('max_retries'))],
      parseNonNegativeInt,
      env,
      DEFAULT_LLM_MAX_RETRIES,
    ),
  };
  if (baseUrl !== undefined) settings.baseUrl = baseUrl;
  if (apiKey !== undefined) settings.apiKey = apiKey;
  if (spec.keyVariable !== undefined) settings.apiKeyVariable = spec.keyVariable;
  const temperature = pickOptional(
    at('temperature'),
    origins,
    [fromFlag('--llm-temperature', flags.llmTemperature), fromVars(llm.get('temperature'))],
    parseTemperature,
    env,
  );
  if (temperature !== undefined) settings.temperature = temperature;
  if (provider === 'bedrock') {
    const region = pickOptional(
      at('awsRegion'),
      origins,
      [...(spec.regionVariables ?? []).map((v) => fromEnv(env, v)), fromProviderVars('region')],
      parseString,
      env,
    );
    if (region === undefined) {
      throw new ConfigError(
        'no AWS region set for bedrock: export AWS_REGION (or AWS_DEFAULT_REGION), or set llm.region in vars: dbt-osmosis:',
      );
    }
    settings.awsRegion = region;
  }
  if (provider === 'azure-openai') {
    settings.azureDeployment = model;
    const apiVersion = pickOptional(
      at('azureApiVersion'),
      origins,
      [fromEnv(env, spec.apiVersionVariable ?? ''), fromProviderVars('api_version')],
      parseString,
      env,
    );
    settings.azureApiVersion = apiVersion ?? spec.defaultApiVersion ?? '2024-10-21';
    origins[at('azureApiVersion')] ??= { kind: 'default' };
  }
  return settings;
}

/** `resolveLlmSettings` with the origin of each value (keys like `llm.model`). */
export function resolveLlmSettingsWithOrigins(
  flags: RawFlags,
  env: Env,
  dbtProjectVars: unknown,
  options: LlmResolveOptions = {},
): { settings: LlmSettings; origins: ConfigOrigins } {
  const origins: ConfigOrigins = {};
  const settings = resolveLlmFromVars(flags, env, readOsmosisVars(dbtProjectVars), origins, options);
  return { settings, origins };
}

/** Provider settings on their own, for `osmosis-ts llm test`. Throws `ConfigError`. */
export function resolveLlmSettings(flags: RawFlags, env: Env, dbtProjectVars: unknown): LlmSettings {
  return resolveLlmSettingsWithOrigins(flags, env, dbtProjectVars).settings;
}
