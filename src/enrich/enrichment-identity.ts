/**
 * What makes a node's enrichment the same question on another run: the model, the node, the
 * fields asked, its columns and its SQL (or seed file). Descriptions, the order of columns and
 * values applied since are left out, so a node answered once is not paid for again when only
 * those change; a new column, new SQL or another model asks again.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../cache/cache-key.js';
import type { SynthesisNodeContext } from '../synthesis/types.js';

export function enrichmentIdentityKey(ctx: SynthesisNodeContext, model: { provider: string; modelId: string; baseUrl: string }, fields: readonly string[]): string {
  const sql = ctx.node.compiledCode ?? ctx.node.rawCode ?? '';
  const canonical = canonicalJson({
    v: 'enrichment-identity-1',
    provider: model.provider,
    model: model.modelId,
    baseUrl: model.baseUrl.replace(/\/+$/, ''),
    node: ctx.node.uniqueId,
    fields: [...fields].sort(),
    columns: ctx.columns.map((c) => c.name.toLowerCase()).sort(),
    sql: createHash('sha256').update(sql).digest('hex'),
    seed: ctx.seedSample?.file ?? null,
  });
  return `enrich:${createHash('sha256').update(canonical).digest('hex')}`;
}
