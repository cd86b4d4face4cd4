import type { LlmSettings } from '../llm/types.js';
import { ConfigError } from './errors.js';
import type { ConfigOrigins } from './origins.js';
import { parseProvider, type ValueParser } from './parse-values.js';
import { fromEnv, fromVars, pickSetting } from './pick-setting.js';
import { readOsmosisVars, type OsmosisVars } from './project-vars.js';
import { DEFAULT_AZURE_API_VERSION, PROVIDER_ENV } from '../llm/provider-env.js';
import type { RawFlags } from './read-flags.js';
import { candidatesOf, optionalOption, resolveOption, type OptionContext } from './resolve-option.js';

type Env = Record<string, string | undefined>;

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
  const prefix = options.originPrefix ?? 'llm';
  const at = (key: string) => `${prefix}.${key}`;
  // The table's paths are those inside DocumentOptions; `llm test` records them under `llm.`.
  // No provider setting is a file, so no folder is needed to resolve paths against.
  const ctx: OptionContext = { flags, env, vars, origins, bases: { cwd: '', projectDir: '', homedir: '' }, at: (p) => p.replace(/^synthesis\.llm\./, `${prefix}.`) };
  const llm = vars.llm;
  const provider = resolveOption('llmProvider', ctx);
  const varsProvider = pickSetting([fromVars(llm.get('provider'))], parseProvider, env)?.value;
  const varsApply = varsProvider === undefined || varsProvider === provider;
  const fromProviderVars = (key: string) => fromVars(varsApply ? llm.get(key) : undefined);
  const spec = PROVIDER_ENV[provider];
  // Model, endpoint and key are read from the provider's own variables, so their layers are built here.
  const [modelFlag] = candidatesOf('llmModel', ctx);
  const [baseUrlFlag] = candidatesOf('llmBaseUrl', ctx);

  const modelCandidates = [
    ...(modelFlag ? [modelFlag] : []),
    ...(spec.modelVariable === undefined ? [] : [fromEnv(env, spec.modelVariable)]),
    ...(provider === 'azure-openai' ? [fromProviderVars('deployment')] : []),
    fromProviderVars('model'),
  ];
  const model = optionalOption('llmModel', ctx, modelCandidates) ?? spec.defaultModel;
  if (model === undefined) {
    throw new ConfigError(
      `no model set for ${provider}: export ${spec.modelVariable ?? 'a model variable'} or pass --llm-model`,
    );
  }
  origins[at('model')] ??= { kind: 'default' };

  const baseUrlCandidates = [
    ...(baseUrlFlag ? [baseUrlFlag] : []),
    ...(spec.baseUrlVariable === undefined ? [] : [fromEnv(env, spec.baseUrlVariable)]),
    fromProviderVars('base_url'),
  ];
  const baseUrl = optionalOption('llmBaseUrl', ctx, baseUrlCandidates) ?? spec.defaultBaseUrl;
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
  const apiKey = pickSetting(keyCandidates, parseSecret, env);
  if (apiKey !== undefined) origins[at('apiKey')] = apiKey.origin;
  if (apiKey === undefined && spec.keyRequired && options.requireKey !== false) {
    throw new ConfigError(
      `${spec.keyVariable ?? 'the API key'} is not set: export it or choose another --llm-provider`,
    );
  }

  const settings: LlmSettings = {
    provider,
    model,
    timeoutSeconds: resolveOption('llmTimeout', ctx),
    maxRetries: resolveOption('llmMaxRetries', ctx),
  };
  if (baseUrl !== undefined) settings.baseUrl = baseUrl;
  if (apiKey !== undefined) settings.apiKey = apiKey.value;
  if (spec.keyVariable !== undefined) settings.apiKeyVariable = spec.keyVariable;
  const temperature = optionalOption('llmTemperature', ctx);
  if (temperature !== undefined) settings.temperature = temperature;
  if (provider === 'bedrock') {
    const region = optionalOption('llmRegion', ctx, [...(spec.regionVariables ?? []).map((v) => fromEnv(env, v)), fromProviderVars('region')]);
    if (region === undefined) {
      throw new ConfigError(
        'no AWS region set for bedrock: export AWS_REGION (or AWS_DEFAULT_REGION), or set llm.region in vars: dbt-osmosis:',
      );
    }
    settings.awsRegion = region;
  }
  if (provider === 'azure-openai') {
    settings.azureDeployment = model;
    const apiVersion = optionalOption('llmApiVersion', ctx, [fromEnv(env, spec.apiVersionVariable ?? ''), fromProviderVars('api_version')]);
    settings.azureApiVersion = apiVersion ?? spec.defaultApiVersion ?? DEFAULT_AZURE_API_VERSION;
    origins[at('azureApiVersion')] ??= { kind: 'default' };
  }
  return settings;
}

/** Provider settings on their own, for `osmosis-ts llm test`. Throws `ConfigError`. */
export function resolveLlmSettings(flags: RawFlags, env: Env, dbtProjectVars: unknown): LlmSettings {
  return resolveLlmFromVars(flags, env, readOsmosisVars(dbtProjectVars), {});
}
