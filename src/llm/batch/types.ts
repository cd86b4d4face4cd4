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

/** The wave a submit call sends up, as the ledger knows it. */
export interface WaveSubmission {
  /** A stable hash of the wave's custom ids (OpenAI batches carry it in their metadata). */
  id: string;
  /** OpenAI: an input file uploaded for this wave by an earlier run, to create the batch from. */
  fileId?: string;
  /** OpenAI: records the uploaded input file before the batch is created from it. */
  recordFile(fileId: string): Promise<void>;
}

/** What a resumed run knows of a wave whose submit call may or may not have reached the provider. */
export interface WaveIdentity {
  id: string;
  size: number;
  /** ms since the epoch, recorded before the submit call. */
  intentAt: number;
  /** The wave's custom ids this run asks for (all of them, or the ones still needed). */
  customIds: readonly string[];
  /** Batch ids the ledger gives to other waves: none of them is this wave's. */
  taken: ReadonlySet<string>;
}

/**
 * The provider's batch holding a wave (`batchId`), none (the submit never reached it), or several
 * that could be it and cannot be told apart (`ambiguous`, their ids): the wave is then submitted
 * again. `incomplete`: not found among the batches listed, which did not reach back to the intent.
 */
export interface WaveSearch {
  batchId?: string;
  ambiguous?: readonly string[];
  /** The listing stopped at `MAX_LISTED_BATCHES` before reaching batches older than the intent. */
  incomplete?: boolean;
}

/**
 * Batches a provider created this long before a wave's recorded intent still count as candidates:
 * the intent time is our clock, `created_at` the provider's, and the two can differ a little.
 */
export const CLOCK_SLACK_MS = 60_000;

/** Batches listed at most when a resumed run looks for a wave (newest first). */
export const MAX_LISTED_BATCHES = 500;

export interface BatchApi {
  readonly provider: ProviderName;
  /** Submits a wave; returns the provider's batch id. */
  submit(items: readonly BatchItem[], wave: WaveSubmission): Promise<string>;
  /** Looks among the provider's recent batches for one holding this wave. */
  findWave(wave: WaveIdentity): Promise<WaveSearch>;
  status(batchId: string): Promise<BatchStatus>;
  /** Every item the provider reports on; an item missing from the map has no result (expired, cancelled). */
  results(batchId: string): Promise<Map<string, BatchItemResult>>;
}
