import type { NodeSynthesisResult, SynthesisNodeContext } from '../types.js';

/**
 * The node's context once its own descriptions are synthesized: the enrichment request is built
 * from it, so the next run (which reads those texts back from the YAML) sends the very same
 * request and is answered from the cache.
 */
export function contextAfterSynthesis(ctx: SynthesisNodeContext, result: Pick<NodeSynthesisResult, 'columns' | 'nodeDescription'>): SynthesisNodeContext {
  const nodeDescription = ctx.nodeDescription ?? result.nodeDescription;
  return {
    ...ctx,
    columns: ctx.columns.map((c) => {
      const text = result.columns.get(c.name);
      if (text === undefined || c.description !== undefined) return c;
      const { derivedFrom: _derivedFrom, ...rest } = c;
      return { ...rest, description: text };
    }),
    ...(nodeDescription === undefined ? {} : { nodeDescription }),
  };
}
