/** The batch API of the configured provider, with its SDK imported only when a batch run needs it. */
import { ConfigError } from '../../errors.js';
import type { LlmSettings, ProviderName } from '../types.js';
import type { BatchApi } from './types.js';

export const BATCH_PROVIDERS: readonly ProviderName[] = ['openai', 'anthropic'];

/** Refuses, before any work, a provider without a batch API. */
export function assertBatchProvider(provider: ProviderName): void {
  if (BATCH_PROVIDERS.includes(provider)) return;
  throw new ConfigError(
    `--llm-batch works with ${BATCH_PROVIDERS.join(' and ')} (their batch APIs); '${provider}' has none that osmosis-ts supports. Run without --llm-batch.`,
  );
}

export async function createBatchApi(settings: LlmSettings): Promise<BatchApi> {
  assertBatchProvider(settings.provider);
  if (settings.provider === 'anthropic') {
    const { createAnthropicBatchApi } = await import('./anthropic-batch.js');
    return createAnthropicBatchApi(settings);
  }
  const { createOpenAiBatchApi } = await import('./openai-batch.js');
  return createOpenAiBatchApi(settings);
}
