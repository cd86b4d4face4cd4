import { describeProvider } from './provider-labels.js';
import { PROVIDER_ENV } from './provider-env.js';
import { LlmError, type LlmSettings, type ProviderName } from './types.js';

/**
 * Local servers take any key. The SDK must still get one: left undefined, the `openai` client
 * would read OPENAI_API_KEY from the environment and send it to a third-party server.
 */
const PLACEHOLDER_KEYS: Partial<Record<ProviderName, string>> = {
  ollama: 'ollama',
  'lm-studio': 'lm-studio',
  'openai-compatible': 'not-needed',
};

export function defaultBaseUrl(provider: ProviderName, awsRegion?: string): string | undefined {
  // Bedrock's endpoint depends on the region; without one there is no default.
  if (provider === 'bedrock') return awsRegion ? `https://bedrock-runtime.${awsRegion}.amazonaws.com` : undefined;
  return PROVIDER_ENV[provider].defaultBaseUrl;
}

/** The configured or default base URL without trailing slashes; throws when there is none. */
export function resolveBaseUrl(settings: LlmSettings): string {
  const url = settings.baseUrl?.trim() || defaultBaseUrl(settings.provider, settings.awsRegion);
  if (!url) {
    const what =
      settings.provider === 'azure-openai'
        ? 'the Azure resource endpoint'
        : settings.provider === 'bedrock'
          ? 'an AWS region (AWS_REGION) or an endpoint (AWS_ENDPOINT_URL_BEDROCK_RUNTIME)'
          : 'a base URL';
    throw new LlmError(
      `${describeProvider(settings.provider)} needs ${what}: pass --llm-base-url or set it in the configuration.`,
      { kind: 'bad-request' },
    );
  }
  return url.replace(/\/+$/, '');
}

/**
 * Where requests really go, as the cache key records it: the base URL, and for Azure the
 * deployment's path under the resource (so two deployments never share answers).
 */
export function effectiveBaseUrl(settings: LlmSettings): string {
  const root = resolveBaseUrl(settings);
  if (settings.provider !== 'azure-openai') return root;
  return `${azureResourceBase(root)}/deployments/${azureDeploymentOf(settings)}`;
}

/** The Azure deployment requests go to (the model setting names it when no deployment is set). */
export function azureDeploymentOf(settings: LlmSettings): string {
  return settings.azureDeployment || settings.model;
}

/** The Azure resource's `/openai` root the SDK is given. */
export function azureResourceBase(root: string): string {
  return root.endsWith('/openai') ? root : `${root}/openai`;
}

/** The key to hand the SDK: the configured one, a placeholder for keyless local servers, or an auth error. */
export function resolveApiKey(settings: LlmSettings): string {
  const key = settings.apiKey?.trim();
  if (key) return key;
  const placeholder = PLACEHOLDER_KEYS[settings.provider];
  if (placeholder) return placeholder;
  const variable = settings.apiKeyVariable ?? 'the API key setting';
  throw new LlmError(`${describeProvider(settings.provider)}: no API key. Set ${variable}.`, { kind: 'auth' });
}

/**
 * Fails now, before any work, when the settings cannot authenticate: no key where one is needed.
 * Bedrock has no key (the AWS default chain is asked on the first call); its region is checked.
 */
export function checkCredentialSettings(settings: LlmSettings): void {
  if (settings.provider === 'bedrock') resolveBaseUrl(settings);
  else resolveApiKey(settings);
}
