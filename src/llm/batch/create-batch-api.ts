/** The batch API of the configured provider, with its SDK imported only when a batch run needs it. */
import { ConfigError } from '../../errors.js';
import type { LlmSettings, ProviderName } from '../types.js';
import type { BatchApi } from './types.js';

export const BATCH_PROVIDERS: readonly ProviderName[] = ['openai', 'azure-openai', 'anthropic'];

/** Azure's Files + Batches API came with this API version (a preview; 2024-10-21 is the first GA one). */
const AZURE_FIRST_BATCH_API_VERSION = '2024-07-01';

/** Refuses, before any work, a provider without a batch API, or an Azure API version without one. */
export function assertBatchSupport(settings: LlmSettings): void {
  const { provider } = settings;
  if (!BATCH_PROVIDERS.includes(provider)) {
    throw new ConfigError(
      `--llm-batch works with ${BATCH_PROVIDERS.slice(0, -1).join(', ')} and ${BATCH_PROVIDERS.at(-1) ?? ''} (their batch APIs); '${provider}' has none that osmosis-ts supports. Run without --llm-batch.`,
    );
  }
  // Dated versions only: a named one ("preview", "latest") is the service's to judge.
  const dated = /^\d{4}-\d{2}-\d{2}/.exec(settings.azureApiVersion ?? '')?.[0];
  if (provider === 'azure-openai' && dated !== undefined && dated < AZURE_FIRST_BATCH_API_VERSION) {
    throw new ConfigError(
      `--llm-batch with azure-openai: API version '${settings.azureApiVersion ?? ''}' has no batch API (it came with ${AZURE_FIRST_BATCH_API_VERSION}-preview). ` +
        'Set AZURE_OPENAI_API_VERSION (or llm.api_version in vars: dbt-osmosis:) to 2024-10-21 or later, or run without --llm-batch.',
    );
  }
}

export async function createBatchApi(settings: LlmSettings): Promise<BatchApi> {
  assertBatchSupport(settings);
  if (settings.provider === 'anthropic') {
    const { createAnthropicBatchApi } = await import('./anthropic-batch.js');
    return createAnthropicBatchApi(settings);
  }
  const { createOpenAiBatchApi } = await import('./openai-batch.js');
  return createOpenAiBatchApi(settings);
}
