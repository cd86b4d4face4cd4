import { LlmError } from '../../llm/types.js';
import { scheduleSynthesis } from './schedule-synthesis.js';
import type { SynthesisDeps } from '../synthesis-deps.js';
import { synthesizeNode } from './synthesize-node.js';
import type { NodeSynthesisResult, SynthesisNodeContext } from '../types.js';

export interface CachedAnswersInput {
  order: readonly string[];
  parents(id: string): readonly string[];
  prepare(id: string): SynthesisNodeContext | undefined;
  apply(id: string, result: NodeSynthesisResult): void;
  /** The run's deps with a cache that only reads (no hit counted, nothing saved). */
  deps: Omit<SynthesisDeps, 'onCall' | 'gate' | 'generate' | 'budget'>;
}

/**
 * `--dry-run --synthesize`: the answers already paid for, applied as the run would apply them,
 * parents first, so the diff shows them and children are prompted with them. A request the cache
 * does not hold is never sent: it fails here, free, and is left for the plan to price.
 */
export async function applyCachedAnswers(input: CachedAnswersInput): Promise<{ cacheHits: number }> {
  let cacheHits = 0;
  const notCached = (): Promise<never> =>
    Promise.reject(new LlmError('not in the cache, and --dry-run makes no call', { kind: 'bad-request' }));
  await scheduleSynthesis({
    order: input.order,
    parents: (id) => input.parents(id),
    prepare: (id) => input.prepare(id),
    synthesize: (ctx, gate) =>
      synthesizeNode(ctx, {
        ...input.deps,
        gate,
        generate: notCached,
        onCall: (call) => {
          if (call.cached) cacheHits++;
        },
      }),
    // A result holds only the answers that came from the cache: an uncached column stays missing.
    apply: (id, result) => input.apply(id, result),
    concurrency: input.deps.options.concurrency,
  });
  return { cacheHits };
}
