/**
 * The one limit on LLM calls of a run: at most `concurrency` in flight (and `requestsPerMinute`
 * started per minute), shared by every node. Only calls hold a slot, never a node waiting for its
 * calls, so nodes cannot deadlock on it. Once stopped, queued calls are refused before they start.
 */
import PQueue from 'p-queue';

/** Why a run stops starting calls. */
export type StopReason = 'budget' | 'fatal' | 'aborted' | 'batch-wait';

/** Thrown by a gated call that was not started because the run stopped. */
export class RunStoppedError extends Error {
  readonly reason: StopReason;

  constructor(reason: StopReason) {
    super(`not started: ${describeStop(reason)}`);
    this.name = 'RunStoppedError';
    this.reason = reason;
  }
}

export interface CallGate {
  /** Runs `fn` when a slot is free; throws RunStoppedError instead when the run has stopped. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Stops starting calls (the first reason wins); in-flight calls finish. */
  stop(reason: StopReason): void;
  readonly stopped: StopReason | undefined;
}

export function createCallGate(opts: { concurrency: number; requestsPerMinute?: number }): CallGate {
  const queue = new PQueue({
    concurrency: Math.max(1, Math.floor(opts.concurrency)),
    ...(opts.requestsPerMinute === undefined || opts.requestsPerMinute <= 0
      ? {}
      : { intervalCap: Math.max(1, Math.floor(opts.requestsPerMinute)), interval: 60_000 }),
  });
  let stopped: StopReason | undefined;
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      return queue.add(async () => {
        if (stopped !== undefined) throw new RunStoppedError(stopped);
        return fn();
      });
    },
    stop(reason) {
      stopped ??= reason;
    },
    get stopped() {
      return stopped;
    },
  };
}

export function describeStop(reason: StopReason): string {
  switch (reason) {
    case 'budget':
      return 'budget exhausted';
    case 'fatal':
      return 'run stopped after a fatal provider error';
    case 'aborted':
      return 'run aborted';
    case 'batch-wait':
      return 'stopped waiting for the batch (--llm-batch-wait); run again to collect it';
  }
}
