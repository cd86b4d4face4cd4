/**
 * One model call with everything around it: cache lookup, budget reservation, the call with
 * retries, spend accounting, validation, and storing a fully valid answer before returning.
 */
import { cacheKey as defaultCacheKey } from '../../cache/cache-key.js';
import { generateWithRetry } from '../../llm/retry.js';
import { parseJsonAnswer } from '../../llm/parse-json-answer.js';
import { LlmError, type GenerateRequest, type GenerateResult } from '../../llm/types.js';
import { createCallGate, RunStoppedError, type CallGate, type StopReason } from './call-gate.js';
import { reserveCall, type Reservation } from '../../cost/budget.js';
import { costUsd as usdOf } from '../../cost/prices.js';
import type { SynthesisDeps } from '../synthesis-deps.js';
import type { CallRecord } from '../types.js';

/** A validation outcome: empty `errors` means fully valid. */
export interface AnswerCheck {
  errors: string[];
}

export type CallOutcome<C extends AnswerCheck> =
  | { status: 'answered'; check: C; text: string; cached: boolean; finishReason: GenerateResult['finishReason'] }
  /** Not started: the budget could be crossed, or the run stopped. */
  | { status: 'not-started'; reason: StopReason }
  /** The call failed for good (after retries); not fatal for the run. */
  | { status: 'failed'; error: string };

export interface CallMeta {
  node: string;
  strategy: CallRecord['strategy'];
  column?: string;
  /** The request's cache key when the plan already computed it. */
  cacheKey?: string;
}

/** Gate per deps object when the caller gave none (direct use of synthesizeNode). */
const privateGates = new WeakMap<SynthesisDeps, CallGate>();

export function gateOf(deps: SynthesisDeps): CallGate {
  if (deps.gate !== undefined) return deps.gate;
  let gate = privateGates.get(deps);
  if (gate === undefined) {
    gate = createCallGate({ concurrency: deps.options.concurrency });
    privateGates.set(deps, gate);
  }
  return gate;
}

/**
 * Runs one request. Fatal LlmErrors (auth, quota) are rethrown after stopping the gate; every
 * other failure comes back as an outcome. `record` receives the CallRecord.
 */
export async function callModel<C extends AnswerCheck>(
  request: GenerateRequest,
  meta: CallMeta,
  check: (parsed: unknown) => C,
  deps: SynthesisDeps,
  record: (call: CallRecord) => void,
): Promise<CallOutcome<C>> {
  const now = (): number => deps.clock.now();
  const { model } = deps;
  const key = meta.cacheKey ?? requestCacheKey(request, deps);
  const base = { node: meta.node, strategy: meta.strategy, promptSha256: key, ...(meta.column === undefined ? {} : { column: meta.column }) };

  const hit = await deps.cache.get(key);
  if (hit !== undefined) {
    const cachedCheck = check(hit.object !== undefined ? hit.object : parseJsonAnswer(hit.text));
    // A stored answer that no longer passes (e.g. a new placeholder list) is asked again.
    if (cachedCheck.errors.length === 0) {
      record({ ...base, cached: true, costUsd: 0, failed: false });
      return { status: 'answered', check: cachedCheck, text: hit.text, cached: true, finishReason: 'stop' };
    }
  }

  const gate = gateOf(deps);
  let result: GenerateResult;
  let outcome: C;
  let started = 0;
  let costUsd: number | undefined;
  try {
    ({ result, outcome, costUsd } = await gate.run(async () => {
      // Stops happen here, inside the slot, so the queue cannot start the next call first.
      const reservation = reserve(request, deps);
      if (reservation === 'refused') {
        gate.stop('budget');
        throw new RunStoppedError('budget');
      }
      started = now();
      let answer: GenerateResult;
      let spent: number | undefined;
      try {
        answer = await (deps.generate ?? generateWithRetry)(
          model,
          deps.signal === undefined ? request : { ...request, signal: deps.signal },
          { maxRetries: deps.options.llm.maxRetries, sleep: (ms, signal) => deps.clock.sleep(ms, signal) },
        );
        spent = deps.price === undefined ? undefined : usdOf(answer.usage, deps.price);
        if (reservation !== undefined) deps.budget?.commit(reservation.handle, spent ?? reservation.usd);
      } catch (error) {
        if (reservation !== undefined) deps.budget?.release(reservation.handle);
        if (error instanceof LlmError && error.fatal) gate.stop('fatal');
        throw error;
      }
      const checked = check(answer.object !== undefined ? answer.object : parseJsonAnswer(answer.text));
      // Stored before the slot is given back: the next call starts only once this paid answer is
      // durable, so a kill loses at most the answers in flight.
      if (checked.errors.length === 0) {
        await deps.cache.set(key, {
          text: answer.text,
          ...(answer.object === undefined ? {} : { object: answer.object }),
          usage: { inputTokens: answer.usage.inputTokens, outputTokens: answer.usage.outputTokens },
          model: model.modelId,
          provider: model.provider,
          createdAt: now(),
        });
      }
      return { result: answer, outcome: checked, costUsd: spent };
    }));
  } catch (error) {
    if (error instanceof RunStoppedError) {
      return { status: 'not-started', reason: error.reason };
    }
    record({ ...base, cached: false, failed: true, ...(started === 0 ? {} : { latencyMs: now() - started }) });
    if (error instanceof LlmError && error.fatal) throw error;
    if (deps.signal?.aborted) {
      gate.stop('aborted');
      return { status: 'not-started', reason: 'aborted' };
    }
    return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
  }

  const text = result.text === '' && result.object !== undefined ? JSON.stringify(result.object) : result.text;
  record({
    ...base,
    cached: false,
    usage: result.usage,
    ...(costUsd === undefined ? {} : { costUsd }),
    latencyMs: now() - started,
    failed: false,
  });
  return { status: 'answered', check: outcome, text, cached: false, finishReason: result.finishReason };
}

/** The cache key of a request as this run's model would send it. */
export function requestCacheKey(
  request: GenerateRequest,
  deps: Pick<SynthesisDeps, 'model' | 'cacheKey'>,
): string {
  const { model } = deps;
  return (deps.cacheKey ?? defaultCacheKey)({
    provider: model.provider,
    model: model.modelId,
    baseUrl: model.baseUrl,
    messages: request.messages,
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    maxOutputTokens: request.maxOutputTokens,
    ...(request.responseSchema === undefined ? {} : { responseSchema: request.responseSchema }),
  });
}

/** Reserves (input tokens + max output tokens) × price; undefined when there is no budget. */
function reserve(
  request: GenerateRequest,
  deps: SynthesisDeps,
): { handle: Reservation; usd: number } | 'refused' | undefined {
  if (deps.budget === undefined) return undefined;
  if (deps.price === undefined) {
    // The run refuses `--llm-max-cost` without a known price before any call; reaching this is a bug.
    throw new Error(`A budget is set but the price of ${deps.model.provider}/${deps.model.modelId} is unknown.`);
  }
  return reserveCall(deps.budget, deps.countRequestTokens(request), request.maxOutputTokens, deps.price) ?? 'refused';
}
