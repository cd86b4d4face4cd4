/**
 * A resumed run's look-up of a wave an earlier run recorded as an intent but never got a batch id
 * for: the submit call may have reached the provider (killed while it was on its way, or just
 * after the answer), or not. The provider's recent batches say which.
 */
import type { BatchWaveRecord } from '../../../cache/batch-ledger-store.js';
import { MAX_LISTED_BATCHES, type BatchApi } from '../../../llm/batch/types.js';
import type { ResponseCachePort } from '../../../ports.js';

export interface EarlierBatch {
  /** The wave's batch, recorded in the ledger now; undefined: submit the wave's requests again. */
  batchId?: string;
  /** Why the requests go up again although a batch holding them may exist. */
  warning?: string;
}

export async function findEarlierBatch(api: BatchApi, ledger: Pick<ResponseCachePort, 'listBatchIds' | 'recordBatchId'>, record: BatchWaveRecord, customIds: readonly string[]): Promise<EarlierBatch> {
  const taken = await ledger.listBatchIds(api.provider);
  const found = await api.findWave({ id: record.wave, size: record.size, intentAt: record.intentAt, customIds, taken });
  if (found.batchId !== undefined) {
    await ledger.recordBatchId(record.wave, found.batchId);
    return { batchId: found.batchId };
  }
  if (found.incomplete === true) {
    return {
      warning:
        `--llm-batch: wave ${record.wave} (${record.size} requests) was being submitted when an earlier run stopped, and it is not among ` +
        `the newest ${MAX_LISTED_BATCHES} ${api.provider} batches, which do not reach back to that time; so its requests were submitted again. ` +
        'If an older batch holds them, cancel it at the provider so it is not paid twice.',
    };
  }
  if (found.ambiguous === undefined || found.ambiguous.length === 0) return {};
  return {
    warning:
      `--llm-batch: wave ${record.wave} (${record.size} requests) was being submitted when an earlier run stopped, and ` +
      `${found.ambiguous.length} ${api.provider} batches created since then hold as many requests and are still running ` +
      `(${found.ambiguous.join(', ')}); which one is this wave's cannot be told, so its requests were submitted again. ` +
      'If one of those batches is that earlier submission, cancel it at the provider so it is not paid twice.',
  };
}
