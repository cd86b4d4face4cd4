import type { ResponseCachePort } from '../ports.js';
import { CacheError } from './cache-error.js';

/**
 * The cache of a `--no-llm-cache` run: nothing is found, nothing is kept. Runs use it in place
 * of a real cache, so no code path asks whether there is one. Batch ids are the exception: they
 * must survive the run, so recording one here is an error (the run refuses `--llm-batch` without
 * a cache before it gets that far).
 */
export function nullCache(): ResponseCachePort {
  return {
    get: () => Promise.resolve(undefined),
    peek: () => Promise.resolve(undefined),
    set: () => Promise.resolve(),
    loadTokenCounts: () => Promise.resolve(new Map()),
    saveTokenCounts: () => Promise.resolve(),
    findBatchItems: () => Promise.resolve(new Map()),
    recordBatchIntent: refuseBatchIds,
    recordBatchFile: refuseBatchIds,
    recordBatchId: refuseBatchIds,
    listBatchIds: () => Promise.resolve(new Set()),
    forgetBatchItems: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

function refuseBatchIds(): Promise<never> {
  return Promise.reject(new CacheError('cache-write-failed', '--llm-batch keeps batch ids in the response cache, and this run has none: drop --no-llm-cache.', { file: '' }));
}
