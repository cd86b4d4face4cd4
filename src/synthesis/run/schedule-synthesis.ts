/**
 * Runs synthesis over the graph: a node starts as soon as all its parents are finished (done,
 * failed or skipped), so text synthesized for a parent is inherited by its children. No level
 * barriers; ready nodes start in topological order, which makes a run with concurrency 1
 * deterministic. Iterative (a ready list), never recursive over the graph.
 */
import { LlmError } from '../../llm/types.js';
import { createCallGate, type CallGate } from './call-gate.js';
import type { NodeSynthesisResult, SynthesisNodeContext } from '../types.js';

export interface ScheduleInput {
  /** Candidate node ids in topological order. */
  order: readonly string[];
  /** Graph parents of a node (ids outside `order` are ignored). */
  parents(id: string): readonly string[];
  /** Re-runs inheritance for the node; undefined = nothing to synthesize (skipped). */
  prepare(id: string): SynthesisNodeContext | undefined;
  /** Synthesizes one node; its calls go through `gate`, the run's shared call limit. */
  synthesize(ctx: SynthesisNodeContext, gate: CallGate): Promise<NodeSynthesisResult>;
  /** Writes a result into the shared doc state, so children inherit it. */
  apply(id: string, result: NodeSynthesisResult): void;
  /** Nodes and LLM calls in flight at once. */
  concurrency: number;
  requestsPerMinute?: number;
  signal?: AbortSignal;
  onNodeDone?(id: string, result: NodeSynthesisResult): void;
}

export interface ScheduleOutcome {
  results: Map<string, NodeSynthesisResult>;
  /** A fatal provider error (auth, quota) or the abort reason; the run stopped starting work. */
  fatal?: Error;
  stoppedAtBudget: boolean;
  /** The run stopped waiting for a batch; what is in it is collected by the next run. */
  stoppedWaiting: boolean;
  /** Nodes that needed synthesis but were not started because the run stopped. */
  notStarted: string[];
}

export async function scheduleSynthesis(input: ScheduleInput): Promise<ScheduleOutcome> {
  const concurrency = Math.max(1, Math.floor(input.concurrency));
  // Nodes in flight may outnumber call slots: a node waiting on its last per-column answer must not
  // keep the gate from being fed by the next ready node. The gate limits the calls. With one slot
  // the run stays strictly sequential (and deterministic).
  const nodeSlots = concurrency === 1 ? 1 : concurrency * 2;
  const gate = createCallGate({
    concurrency,
    ...(input.requestsPerMinute === undefined ? {} : { requestsPerMinute: input.requestsPerMinute }),
  });
  const position = new Map(input.order.map((id, index) => [id, index]));
  const children = new Map<string, string[]>(input.order.map((id) => [id, []]));
  const waitingOn = new Map<string, number>();
  for (const id of input.order) {
    const parents = new Set(input.parents(id).filter((p) => position.has(p) && p !== id));
    waitingOn.set(id, parents.size);
    for (const parent of parents) children.get(parent)?.push(id);
  }
  const ready = input.order.filter((id) => waitingOn.get(id) === 0);
  const outcome: ScheduleOutcome = { results: new Map(), stoppedAtBudget: false, stoppedWaiting: false, notStarted: [] };
  let running = 0;
  let fatal: Error | undefined;

  const onAbort = (): void => {
    gate.stop('aborted');
    fatal ??= toError(input.signal?.reason, 'synthesis aborted');
  };
  if (input.signal?.aborted) onAbort();
  else input.signal?.addEventListener('abort', onAbort, { once: true });

  return new Promise<ScheduleOutcome>((resolve) => {
    const finish = (id: string, result: NodeSynthesisResult | undefined): void => {
      if (result !== undefined) {
        outcome.results.set(id, result);
        try {
          input.apply(id, result);
          input.onNodeDone?.(id, result);
        } catch (error) {
          result.failures.push({ error: `could not apply the result: ${toError(error, 'unknown error').message}` });
        }
      }
      for (const child of children.get(id) ?? []) {
        const left = (waitingOn.get(child) ?? 0) - 1;
        waitingOn.set(child, left);
        if (left === 0) insertByPosition(ready, child, position);
      }
    };

    const pump = (): void => {
      // After a stop, ready nodes are still prepared (inheritance re-runs, so text synthesized
      // for their parents still flows down) but none that needs a call is started.
      while (ready.length > 0 && (running < nodeSlots || gate.stopped !== undefined)) {
        const id = ready.shift() as string;
        let ctx: SynthesisNodeContext | undefined;
        try {
          ctx = input.prepare(id);
        } catch (error) {
          finish(id, failedResult(id, `could not prepare the node: ${toError(error, 'unknown error').message}`));
          continue;
        }
        if (ctx !== undefined && gate.stopped !== undefined) outcome.notStarted.push(id);
        if (ctx === undefined || gate.stopped !== undefined) {
          finish(id, undefined);
          continue;
        }
        running += 1;
        void runNode(id, ctx).then(() => {
          running -= 1;
          pump();
        });
      }
      if (running === 0 && ready.length === 0) done();
    };

    const runNode = async (id: string, ctx: SynthesisNodeContext): Promise<void> => {
      try {
        const result = await input.synthesize(ctx, gate);
        if (result.stoppedAtBudget === true) gate.stop('budget');
        if (result.stoppedWaiting === true) gate.stop('batch-wait');
        finish(id, result);
      } catch (error) {
        if (error instanceof LlmError && error.fatal) {
          gate.stop('fatal');
          fatal ??= error;
          finish(id, failedResult(id, error.message));
        } else {
          finish(id, failedResult(id, toError(error, 'unknown error').message));
        }
      }
    };

    let resolved = false;
    const done = (): void => {
      if (resolved) return;
      resolved = true;
      input.signal?.removeEventListener('abort', onAbort);
      outcome.stoppedAtBudget = gate.stopped === 'budget';
      outcome.stoppedWaiting = gate.stopped === 'batch-wait';
      if (fatal !== undefined) outcome.fatal = fatal;
      resolve(outcome);
    };

    pump();
  });
}

function failedResult(id: string, error: string): NodeSynthesisResult {
  return { nodeId: id, columns: new Map(), failures: [{ error }], diagnostics: [], calls: [] };
}

/** Keeps `ready` sorted by topological position (ties cannot happen: positions are unique). */
function insertByPosition(ready: string[], id: string, position: Map<string, number>): void {
  const rank = position.get(id) ?? Number.MAX_SAFE_INTEGER;
  let index = ready.length;
  while (index > 0 && (position.get(ready[index - 1] as string) ?? 0) > rank) index -= 1;
  ready.splice(index, 0, id);
}

function toError(value: unknown, fallback: string): Error {
  if (value instanceof Error) return value;
  return new Error(value === undefined ? fallback : String(value));
}
