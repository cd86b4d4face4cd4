/**
 * The `openai` SDK client of an OpenAI-wire provider, for direct calls and for batches alike.
 * Azure OpenAI gets `AzureOpenAI`, which sends the `api-key` header and `?api-version=`.
 */
import type OpenAI from 'openai';
import { mapSdkError } from '../map-sdk-error.js';
import { azureDeploymentOf, azureResourceBase, effectiveBaseUrl, resolveBaseUrl } from '../provider-defaults.js';
import { DEFAULT_AZURE_API_VERSION } from '../provider-env.js';
import type { LlmSettings } from '../types.js';

export interface OpenAiClientOptions {
  apiKey: string;
  maxRetries: number;
  /**
   * Azure: put the deployment in the path of calls (`/openai/deployments/{d}/chat/completions`).
   * Batches must not: the SDK would move `POST /batches` under the deployment too, while Azure's
   * Files and Batches live at the resource (`/openai/files`, `/openai/batches`) and each batch line
   * names its deployment in `model`.
   */
  azureDeploymentInPath: boolean;
}

export function createOpenAiClient(sdk: typeof import('openai'), settings: LlmSettings, opts: OpenAiClientOptions): OpenAI {
  const root = resolveBaseUrl(settings);
  const common = { apiKey: opts.apiKey, maxRetries: opts.maxRetries, timeout: settings.timeoutSeconds * 1000 };
  try {
    if (settings.provider === 'azure-openai') {
      // baseURL rather than endpoint: the SDK refuses `endpoint` when OPENAI_BASE_URL is set.
      return new sdk.AzureOpenAI({
        ...common,
        baseURL: azureResourceBase(root),
        ...(opts.azureDeploymentInPath ? { deployment: azureDeploymentOf(settings) } : {}),
        apiVersion: settings.azureApiVersion || DEFAULT_AZURE_API_VERSION,
      });
    }
    // Organization/project headers from the environment belong to OpenAI only.
    const scope = settings.provider === 'openai' ? {} : { organization: null, project: null };
    return new sdk.OpenAI({ ...common, ...scope, baseURL: root });
  } catch (error) {
    throw mapSdkError(error, sdk, { provider: settings.provider, baseUrl: effectiveBaseUrl(settings), secrets: [settings.apiKey] });
  }
}

