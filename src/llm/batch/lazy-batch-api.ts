/** A batch API whose SDK is imported on first use; a run whose answers are all cached never loads it. */
import type { LlmSettings } from '../types.js';
import type { BatchApi } from './types.js';

export function lazyBatchApi(settings: LlmSettings): BatchApi {
  let real: Promise<BatchApi> | undefined;
  const api = async (): Promise<BatchApi> => {
    real ??= import('./create-batch-api.js').then((m) => m.createBatchApi(settings));
    return real;
  };
  return {
    provider: settings.provider,
    submit: async (items, wave) => (await api()).submit(items, wave),
    findWave: async (wave) => (await api()).findWave(wave),
    status: async (id) => (await api()).status(id),
    results: async (id) => (await api()).results(id),
  };
}
