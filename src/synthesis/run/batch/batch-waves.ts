/**
 * `--llm-batch`: the run's requests go through the provider's batch API instead of one call each.
 * It plugs in where the synchronous transport does (`SynthesisDeps.generate`), so cache look-ups,
 * budget reservations, validation, repairs and fallbacks stay exactly the ones of a direct run.
 *
 * A wave is every request that arrives while nothing else can move: the scheduler starts each node
 * whose parents are done, those nodes ask for their answers, and once no new request has come for
 * `gatherMs` the wave goes up as one batch. Its answers finish those nodes, which frees their
 * children, whose requests form the next wave; so inheritance still flows parents first.
 *
 * Each wave is recorded in the cache database (cache/batch-ledger-store.ts) before its submit call,
 * with its requests under their cache keys, and its file and batch ids as the provider hands them
 * out. A run that was killed at any instant, or stopped waiting (`--llm-batch-wait`), finds its
 * requests there on the next invocation and collects the same batch instead of submitting again;
 * a wave whose batch id never got written is looked up at the provider (`BatchApi.findWave`).
 */
import { createHash } from 'node:crypto';
import type { BatchWaveRecord } from '../../../cache/batch-ledger-store.js';
import type { BatchApi, BatchItemResult, BatchStatus } from '../../../llm/batch/types.js';
import type { ResponseCachePort } from '../../../ports.js';
import { LlmError, type GenerateRequest, type GenerateResult } from '../../../llm/types.js';
import { RunStoppedError } from '../call-gate.js';
import { findEarlierBatch, type EarlierBatch } from './find-earlier-batch.js';

/** The parts of the response cache that keep batch ids. */
export type BatchLedger = Pick<ResponseCachePort, 'findBatchItems' | 'recordBatchIntent' | 'recordBatchFile' | 'recordBatchId' | 'listBatchIds' | 'forgetBatchItems'>;

export interface BatchProgress {
  waves: number;
  /** Requests this run submitted. */
  submitted: number;
  /** Requests this run collected an outcome for (answer or error), its own or a resumed run's. */
  completed: number;
  /** Requests waiting in a batch now. */
  pending: number;
}

export interface BatchWavesOptions {
  api: BatchApi;
  ledger: BatchLedger;
  /** The cache key of a request (the ledger's key). */
  keyOf(request: GenerateRequest): string;
  pollMs: number;
  /** Epoch ms after which the run stops waiting; undefined: wait until every batch ends. */
  waitUntil?: number;
  /** Times an item that failed for a retryable reason goes into a later wave again. */
  maxRetries: number;
  /** Quiet time that closes a wave (default 200 ms). */
  gatherMs?: number;
  /** The run's clock, ms since the epoch (for `waitUntil`). */
  now: () => number;
  onProgress?(progress: BatchProgress): void;
}

interface Entry {
  key: string;
  customId: string;
  waiters: Waiter[];
}

interface Waiter {
  key: string;
  request: GenerateRequest;
  attempts: number;
  resolve(result: GenerateResult): void;
  reject(error: unknown): void;
}

export interface BatchWaves {
  generate(request: GenerateRequest): Promise<GenerateResult>;
  progress(): BatchProgress;
  /** Problems the run should report (a wave whose earlier submission could not be told apart). */
  warnings(): string[];
  /** True once the wait bound passed with requests still in a batch. */
  readonly stoppedWaiting: boolean;
  /** Forgets the ledger entries of collected answers; call after the run stored them in the cache. */
  finish(): Promise<void>;
}

export function createBatchWaves(opts: BatchWavesOptions): BatchWaves {
  const { now } = opts;
  const gatherMs = opts.gatherMs ?? 200;
  let arriving: Waiter[] = [];
  let gatherTimer: NodeJS.Timeout | undefined;
  /** batch id → custom id → the requests waiting on it (one item may answer identical requests). */
  const inFlight = new Map<string, Map<string, Waiter[]>>();
  const collected: string[] = [];
  const counts = { waves: 0, submitted: 0, completed: 0 };
  const warnings: string[] = [];
  /** Waves of earlier runs looked up at the provider in this run: the batch found, or null for none. */
  const searched = new Map<string, string | null>();
  let stopped = false;
  let pumping = false;
  let pollTimer: { timer: NodeJS.Timeout; wake(): void } | undefined;

  const pending = (): number => [...inFlight.values()].reduce((n, items) => n + items.size, 0);
  const progress = (): BatchProgress => ({ ...counts, pending: pending() });
  const report = (): void => opts.onProgress?.(progress());

  function stopWaiting(): void {
    stopped = true;
    const error = new RunStoppedError('batch-wait');
    for (const items of inFlight.values()) for (const waiters of items.values()) for (const w of waiters) w.reject(error);
    for (const w of arriving.splice(0)) w.reject(error);
  }

  function schedule(): void {
    if (gatherTimer) clearTimeout(gatherTimer);
    gatherTimer = setTimeout(() => {
      gatherTimer = undefined;
      gather().catch((error: unknown) => {
        for (const w of arriving.splice(0)) w.reject(error);
      });
    }, gatherMs);
  }

  async function gather(): Promise<void> {
    const wave = arriving.splice(0);
    if (wave.length === 0) return;
    const byKey = new Map<string, Waiter[]>();
    for (const w of wave) byKey.set(w.key, [...(byKey.get(w.key) ?? []), w]);
    let known: Awaited<ReturnType<BatchLedger['findBatchItems']>>;
    try {
      known = await opts.ledger.findBatchItems([...byKey.keys()]);
    } catch (error) {
      for (const w of wave) w.reject(error);
      return;
    }
    const fresh: Entry[] = [];
    const unresolved = new Map<string, { wave: BatchWaveRecord; entries: Entry[] }>();
    for (const [key, waiters] of byKey) {
      const record = known.get(key);
      if (record === undefined || record.wave.provider !== opts.api.provider || waiters.some((w) => w.attempts > 0)) {
        fresh.push({ key, customId: customIdOf(key), waiters });
        continue;
      }
      const entry = { key, customId: record.customId, waiters };
      const batchId = record.wave.batchId ?? searched.get(record.wave.wave);
      if (batchId === null) fresh.push(entry);
      else if (batchId !== undefined) attach(batchId, entry.customId, waiters);
      else {
        // Submitted by an earlier run that stopped before writing down the batch id.
        const group = unresolved.get(record.wave.wave) ?? { wave: record.wave, entries: [] };
        group.entries.push(entry);
        unresolved.set(record.wave.wave, group);
      }
    }
    for (const { wave: record, entries } of unresolved.values()) {
      const batchId = await resumeWave(record, entries);
      if (batchId === undefined) fresh.push(...entries);
      else if (batchId !== null) for (const e of entries) attach(batchId, e.customId, e.waiters);
    }
    if (fresh.length > 0) await submit(fresh);
    report();
    pump();
  }

  /**
   * The batch an earlier run submitted for `record` without recording its id. Undefined: it has
   * none (or none that can be told apart), submit again; null: the look-up failed, and the
   * entries' requests with it.
   */
  async function resumeWave(record: BatchWaveRecord, entries: Entry[]): Promise<string | null | undefined> {
    let found: EarlierBatch;
    try {
      found = await findEarlierBatch(opts.api, opts.ledger, record, entries.map((e) => e.customId));
    } catch (error) {
      for (const e of entries) for (const w of e.waiters) w.reject(error);
      return null;
    }
    searched.set(record.wave, found.batchId ?? null);
    if (found.warning !== undefined) warnings.push(found.warning);
    return found.batchId;
  }

  function attach(batchId: string, customId: string, waiters: Waiter[]): void {
    const items = inFlight.get(batchId) ?? new Map<string, Waiter[]>();
    items.set(customId, [...(items.get(customId) ?? []), ...waiters]);
    inFlight.set(batchId, items);
  }

  /**
   * Intent, submit, ids: the wave is written down before the submit call and its ids as soon as
   * they exist, so whatever instant a kill lands on, the next run can tell what reached the provider.
   */
  async function submit(entries: Entry[]): Promise<void> {
    const wave = waveIdOf(entries.map((e) => e.customId));
    const fail = (error: unknown): void => {
      for (const e of entries) for (const w of e.waiters) w.reject(error);
    };
    let batchId: string;
    try {
      const { fileId } = await opts.ledger.recordBatchIntent(
        { wave, provider: opts.api.provider, size: entries.length, intentAt: now() },
        entries.map((e) => ({ key: e.key, customId: e.customId })),
      );
      const items = entries.map((e) => ({ customId: e.customId, request: (e.waiters[0] as Waiter).request }));
      batchId = await opts.api.submit(items, {
        id: wave,
        ...(fileId === undefined ? {} : { fileId }),
        recordFile: (id) => opts.ledger.recordBatchFile(wave, id),
      });
      // Recorded before anything waits on it; a run killed just before finds the batch by its wave.
      await opts.ledger.recordBatchId(wave, batchId);
    } catch (error) {
      fail(error);
      return;
    }
    for (const e of entries) attach(batchId, e.customId, e.waiters);
    counts.waves++;
    counts.submitted += entries.length;
  }

  /** One loop polls every batch in flight until all have ended, or the wait bound passes. */
  function pump(): void {
    if (pumping || inFlight.size === 0) return;
    pumping = true;
    void (async () => {
      try {
        while (inFlight.size > 0 && !stopped) {
          for (const [batchId, items] of [...inFlight]) {
            const status = await opts.api.status(batchId);
            if (status.state !== 'ended') continue;
            const results = await opts.api.results(batchId);
            inFlight.delete(batchId);
            await settle(items, results, status);
          }
          report();
          if (inFlight.size === 0) break;
          if (opts.waitUntil !== undefined && now() >= opts.waitUntil) {
            stopWaiting();
            break;
          }
          await sleepUnlessWoken(opts.waitUntil === undefined ? opts.pollMs : Math.min(opts.pollMs, Math.max(0, opts.waitUntil - now())));
        }
      } catch (error) {
        // The provider failed to answer about its batches: every waiting request fails with it.
        for (const items of inFlight.values()) for (const waiters of items.values()) for (const w of waiters) w.reject(error);
        inFlight.clear();
      } finally {
        pumping = false;
      }
      if (inFlight.size > 0 && !stopped) pump();
    })();
  }

  function sleepUnlessWoken(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pollTimer = undefined;
        resolve();
      }, ms);
      pollTimer = { timer, wake: resolve };
    });
  }

  async function settle(items: Map<string, Waiter[]>, results: Map<string, BatchItemResult>, status: BatchStatus): Promise<void> {
    const forget: string[] = [];
    for (const [customId, waiters] of items) {
      counts.completed++;
      const key = (waiters[0] as Waiter).key;
      const result = results.get(customId);
      if (result === undefined) {
        const error = status.failure ?? new LlmError(`${opts.api.provider}: the batch ended (${status.endedAs ?? 'completed'}) without an answer for this request`, { kind: 'server' });
        forget.push(key);
        retryOrFail(waiters, error);
        continue;
      }
      if (!result.ok) {
        forget.push(key);
        retryOrFail(waiters, result.error);
        continue;
      }
      for (const w of waiters) {
        try {
          w.resolve(result.read(w.request));
          collected.push(key);
        } catch (error) {
          forget.push(key);
          if (error instanceof LlmError) retryOrFail([w], error);
          else w.reject(error);
        }
      }
    }
    if (forget.length > 0) await opts.ledger.forgetBatchItems(forget);
  }

  /** A retryable failure goes into the next wave; others reach synthesis's repair and fallback path. */
  function retryOrFail(waiters: Waiter[], error: LlmError): void {
    for (const w of waiters) {
      if (error.retryable && w.attempts < opts.maxRetries) {
        w.attempts++;
        arriving.push(w);
        schedule();
      } else {
        w.reject(error);
      }
    }
  }

  return {
    generate(request) {
      if (stopped) return Promise.reject(new RunStoppedError('batch-wait'));
      return new Promise<GenerateResult>((resolve, reject) => {
        arriving.push({ key: opts.keyOf(request), request, attempts: 0, resolve, reject });
        schedule();
      });
    },
    progress,
    warnings: () => [...warnings],
    get stoppedWaiting() {
      return stopped;
    },
    async finish() {
      if (gatherTimer) clearTimeout(gatherTimer);
      if (pollTimer) {
        clearTimeout(pollTimer.timer);
        pollTimer.wake();
      }
      if (collected.length > 0) await opts.ledger.forgetBatchItems(collected.splice(0));
    },
  };
}

/** The same requests make the same wave, whatever order they arrived in. */
function waveIdOf(customIds: readonly string[]): string {
  return `wave-${createHash('sha256').update([...customIds].sort().join('\n')).digest('hex').slice(0, 32)}`;
}

/** Provider-safe (`[A-Za-z0-9_-]{1,64}`) and the same for the same request in every run. */
function customIdOf(key: string): string {
  return `osm-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}
