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
 * Each submitted request is recorded in the cache database under its cache key. A run that was
 * killed, or stopped waiting (`--llm-batch-wait`), finds its requests there on the next invocation
 * and collects the same batch instead of submitting again.
 */
import { createHash } from 'node:crypto';
import type { BatchItemRecord } from '../../../cache/response-cache.js';
import type { BatchApi, BatchItemResult, BatchStatus } from '../../../llm/batch/types.js';
import { LlmError, type GenerateRequest, type GenerateResult } from '../../../llm/types.js';
import { RunStoppedError } from '../call-gate.js';

/** The parts of the response cache that keep batch ids. */
export interface BatchLedger {
  findBatchItems(keys: readonly string[]): Promise<Map<string, BatchItemRecord>>;
  recordBatchItems(items: readonly (BatchItemRecord & { key: string })[]): Promise<void>;
  forgetBatchItems(keys: readonly string[]): Promise<void>;
}

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
    const known = await opts.ledger.findBatchItems([...byKey.keys()]);
    const fresh: [string, Waiter[]][] = [];
    for (const [key, waiters] of byKey) {
      const record = known.get(key);
      if (record !== undefined && record.provider === opts.api.provider && waiters.every((w) => w.attempts === 0)) {
        // Submitted by an earlier run: collect it rather than pay for it again.
        attach(record.batchId, record.customId, waiters);
      } else {
        fresh.push([key, waiters]);
      }
    }
    if (fresh.length > 0) await submit(fresh);
    report();
    pump();
  }

  function attach(batchId: string, customId: string, waiters: Waiter[]): void {
    const items = inFlight.get(batchId) ?? new Map<string, Waiter[]>();
    items.set(customId, [...(items.get(customId) ?? []), ...waiters]);
    inFlight.set(batchId, items);
  }

  async function submit(entries: [string, Waiter[]][]): Promise<void> {
    const items = entries.map(([key, waiters]) => ({ key, customId: customIdOf(key), waiters }));
    let batchId: string;
    try {
      batchId = await opts.api.submit(items.map((i) => ({ customId: i.customId, request: (i.waiters[0] as Waiter).request })));
    } catch (error) {
      for (const i of items) for (const w of i.waiters) w.reject(error);
      return;
    }
    const submittedAt = now();
    // Recorded before anything waits on it: from here a killed run loses no paid request.
    await opts.ledger.recordBatchItems(items.map((i) => ({ key: i.key, provider: opts.api.provider, batchId, customId: i.customId, submittedAt })));
    for (const i of items) attach(batchId, i.customId, i.waiters);
    counts.waves++;
    counts.submitted += items.length;
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

/** Provider-safe (`[A-Za-z0-9_-]{1,64}`) and the same for the same request in every run. */
function customIdOf(key: string): string {
  return `osm-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}
