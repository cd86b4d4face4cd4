/**
 * Our retry policy around one `LanguageModel.generate` call (the SDKs' own retries are off):
 * retryable errors (429, 5xx/408/409, timeouts, resets) are tried again with exponential backoff
 * and full jitter; a Retry-After is honoured up to a cap, and a server asking for longer than the
 * cap fails the call at once instead of stalling the run. Auth, quota, bad-request and
 * bad-response errors are returned straight away.
 */
import { LlmError, type GenerateRequest, type GenerateResult, type LanguageModel } from './types.js';

export interface RetryInfo {
  /** The attempt that just failed, from 1. */
  attempt: number;
  /** How long we wait before the next attempt. */
  delayMs: number;
  error: LlmError;
}

export interface RetryOptions {
  /** Retries after the first attempt (0: one attempt only). */
  maxRetries: number;
  /** Backoff before retry n (from 0) is random() × min(maxDelayMs, baseDelayMs × 2^n). Default 500. */
  baseDelayMs?: number;
  /** Default 30 000. */
  maxDelayMs?: number;
  /** Longest Retry-After we wait for; a longer one fails the call at once. Default 60. */
  retryAfterCapSeconds?: number;
  /** The run's clock (`Clock.sleep` in ports.ts); default an abortable timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1): the jitter. Default Math.random. */
  random?: () => number;
  onRetry?: (info: RetryInfo) => void;
}

export async function generateWithRetry(
  model: LanguageModel,
  request: GenerateRequest,
  opts: RetryOptions,
): Promise<GenerateResult> {
  const baseDelayMs = opts.baseDelayMs ?? 500;
  const maxDelayMs = opts.maxDelayMs ?? 30_000;
  const capSeconds = opts.retryAfterCapSeconds ?? 60;
  const sleep = opts.sleep ?? abortableSleep;
  const random = opts.random ?? Math.random;
  const maxRetries = Math.max(0, Math.floor(opts.maxRetries));

  for (let attempt = 0; ; attempt++) {
    try {
      return await model.generate(request);
    } catch (error) {
      if (!(error instanceof LlmError) || !error.retryable || request.signal?.aborted) throw error;
      const asked = error.retryAfterSeconds;
      if (asked !== undefined && asked > capSeconds) {
        throw derive(
          error,
          `${error.message} — the server asked to wait ${formatSeconds(asked)}, longer than the ${capSeconds}s ` +
            'we wait; this call was given up at once. Try again later or lower the request rate (--llm-concurrency).',
        );
      }
      if (attempt >= maxRetries) {
        throw attempt === 0 ? error : derive(error, `${error.message} (gave up after ${attempt + 1} attempts)`);
      }
      const delayMs =
        asked !== undefined
          ? Math.round(asked * 1000)
          : Math.round(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
      opts.onRetry?.({ attempt: attempt + 1, delayMs, error });
      await sleep(delayMs, request.signal);
    }
  }
}

function derive(error: LlmError, message: string): LlmError {
  return new LlmError(message, {
    kind: error.kind,
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
  });
}

function formatSeconds(seconds: number): string {
  return `${Math.round(seconds * 10) / 10}s`;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
