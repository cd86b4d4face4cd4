/**
 * The one limit on LLM calls of a run: at most `concurrency` in flight (and `requestsPerMinute`
 * started per minute), shared by every node. Only calls hold a slot, never a node waiting for its
 * calls, so nodes cannot deadlock on it. Once stopped, queued calls are refused before they start.
 */
import PQueue from 'p-queue';
import { OsmosisError } from '../../errors.js';

/** Why a run stops starting calls. */
export type StopReason = 'budget' | 'fatal' | 'aborted' | 'batch-wait';

/** The exit code of a run that ends for each reason (cli/main.ts's help lists them). */
const STOP_EXIT_CODES: Record<StopReason, number> = { budget: 4, 'batch-wait': 5, fatal: 3, aborted: 3 };

/**
 * Thrown by a gated call that was not started because the run stopped. The run catches it and
 * reports the stop; its code and exit code only matter if it ever escaped to the CLI.
 */
export class RunStoppedError extends OsmosisError {
  declare readonly code: `run-stopped-${StopReason}`;
  readonly reason: StopReason;

  constructor(reason: StopReason) {
    super(`run-stopped-${reason}`, `not started: ${describeStop(reason)}`, { exitCode: STOP_EXIT_CODES[reason] });
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
