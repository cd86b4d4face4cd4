import type { DocGraph } from '../../graph/build-graph.js';
import { isRealDescription, type DocState, type NodeDoc } from '../../inheritance/doc-state.js';
import type { PromptColumn, SeedSample, SynthesisNodeContext, UpstreamNodeDocs } from '../types.js';

/** Upstream nodes offered to a prompt: all direct parents, then nearer ancestors up to this many. */
const MAX_UPSTREAM_NODES = 24;

function upstreamDocs(id: string, state: DocState, graph: DocGraph, placeholders: ReadonlySet<string>): UpstreamNodeDocs[] {
  const out: UpstreamNodeDocs[] = [];
  let generation = 0;
  for (const ids of graph.walkAncestorGenerations(id)) {
    generation++;
    for (const ancestorId of ids) {
      if (generation > 1 && out.length >= MAX_UPSTREAM_NODES) return out;
      const doc = state.get(ancestorId);
      if (!doc) continue;
      const columns = doc.columns
        .filter((c) => isRealDescription(c.description, placeholders))
        .map((c) => ({ name: c.name, description: c.description as string }));
      const description = isRealDescription(doc.description, placeholders) ? doc.description : undefined;
      if (columns.length === 0 && description === undefined) continue;
      out.push({ uniqueId: ancestorId, name: doc.node.name, generation, columns, ...(description ? { description } : {}) });
    }
    if (out.length >= MAX_UPSTREAM_NODES) break;
  }
  return out;
}

/** "`orders.amount_cents`: 'Amount in cents'; `orders.rate`" (docs/lineage.md), or undefined for a constant. */
function derivedFromText(inputs: ReadonlyArray<{ node: string; column: string }>, state: DocState, placeholders: ReadonlySet<string>): string | undefined {
  const parts = inputs.map(({ node, column }) => {
    const doc = state.get(node);
    const text = doc?.byName.get(column.toLowerCase())?.description;
    const label = `\`${doc?.node.name ?? node}.${column}\``;
    return isRealDescription(text, placeholders) ? `${label}: '${text.trim().replace(/\s+/g, ' ')}'` : label;
  });
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/**
 * What a prompt needs to know about a node, from the current doc state (so text synthesized for
 * its parents earlier in the run is there). Undefined when nothing is missing.
 */
export function nodeContext(
  doc: NodeDoc,
  state: DocState,
  graph: DocGraph,
  placeholders: ReadonlySet<string>,
  seedSample?: SeedSample,
  enrichment?: (doc: NodeDoc) => Pick<SynthesisNodeContext, 'enrich' | 'styleExamples'>,
): SynthesisNodeContext | undefined {
  const missingColumns = doc.columns.filter((c) => !isRealDescription(c.description, placeholders)).map((c) => c.name);
  const needsNodeDescription = !isRealDescription(doc.description, placeholders);
  // A node with every description but something to enrich still gets its one request.
  const extra = enrichment?.(doc) ?? {};
  if (missingColumns.length === 0 && !needsNodeDescription && extra.enrich === undefined) return undefined;
  const columns: PromptColumn[] = doc.columns.map((c) => {
    const real = isRealDescription(c.description, placeholders);
    const derivedFrom = real || !c.derivedFrom ? undefined : derivedFromText(c.derivedFrom, state, placeholders);
    return {
      name: c.name,
      ...(c.dataType ? { dataType: c.dataType } : {}),
      ...(real ? { description: c.description } : {}),
      ...(derivedFrom ? { derivedFrom } : {}),
    };
  });
  return {
    node: doc.node,
    columns,
    missingColumns,
    needsNodeDescription,
    ...(needsNodeDescription ? {} : { nodeDescription: doc.description as string }),
    upstream: upstreamDocs(doc.node.uniqueId, state, graph, placeholders),
    ...(seedSample ? { seedSample } : {}),
    ...extra,
  };
}
