/**
 * Provider batch APIs (OpenAI Batch, Anthropic Message Batches) behind one small interface: submit
 * requests, ask how the batch is doing, read its results. Half the price, no per-minute limits, and
 * answers within the provider's completion window instead of seconds.
 */
import type { GenerateRequest, GenerateResult, LlmError, ProviderName } from '../types.js';

export interface BatchItem {
  /** Ours, unique within the batch; results come back under it. */
  customId: string;
  request: GenerateRequest;
}

/** Where a batch is: still working, or ended (its results can be read, some items may have failed). */
export type BatchState = 'running' | 'ended';

export interface BatchStatus {
  state: BatchState;
  /** Provider words for the reason a batch ended without results: `expired`, `failed`, `cancelled`. */
  endedAs?: string;
  /**
   * The provider refused the whole batch (OpenAI and Azure: `failed`, its input did not pass
   * validation). Items without a result fail with this error; sending them again would fail again.
   */
  failure?: LlmError;
}

/**
 * One item's outcome: the answer (read against the request it answers, which a resumed run has
 * and the provider does not send back; reading may throw `LlmError`, e.g. for an empty answer), or
 * the error the provider gave for it.
 */
export type BatchItemResult = { ok: true; read(request: GenerateRequest): GenerateResult } | { ok: false; error: LlmError };

export interface BatchApi {
  readonly provider: ProviderName;
  submit(items: readonly BatchItem[]): Promise<string>;
  status(batchId: string): Promise<BatchStatus>;
  /** Every item the provider reports on; an item missing from the map has no result (expired, cancelled). */
  results(batchId: string): Promise<Map<string, BatchItemResult>>;
}
