/**
 * Enrichment folded into description requests (`--enrich`): which part of a node's ask each of
 * its description requests carries, what is left for a request of its own, and how the answered
 * parts add up to the node's enrichment. A bulk request carries the whole ask; a column request
 * its column's fields; the node-description request the node's purpose and tags.
 */
import type { ColumnAsk, EnrichAsk } from './enrich-ask.js';
import type { NodeEnrichment } from './types.js';

/** The part of `ask` about `column` alone, or undefined when the column has nothing to ask. */
export function columnPart(ask: EnrichAsk, column: string): EnrichAsk | undefined {
  const found = ask.columns.find((c) => c.name === column);
  return found === undefined ? undefined : { purpose: false, nodeTags: [], piiCategories: ask.piiCategories, columns: [found] };
}

/** The node's own part of `ask` (purpose, node tags), or undefined when neither is asked. */
export function nodePart(ask: EnrichAsk): EnrichAsk | undefined {
  return ask.purpose || ask.nodeTags.length > 0 ? { purpose: ask.purpose, nodeTags: ask.nodeTags, piiCategories: ask.piiCategories, columns: [] } : undefined;
}

/** What `ask` still asks once `answered` parts are known. */
export function residualAsk(ask: EnrichAsk, answered: readonly EnrichAsk[]): EnrichAsk {
  const nodeDone = answered.some((p) => p.purpose || p.nodeTags.length > 0);
  const done = new Set(answered.flatMap((p) => p.columns.map((c: ColumnAsk) => c.name)));
  return {
    ...ask,
    purpose: ask.purpose && !nodeDone,
    nodeTags: nodeDone ? [] : ask.nodeTags,
    columns: ask.columns.filter((c) => !done.has(c.name)),
  };
}

type RawAnswer = { purpose?: unknown; tags?: unknown; columns?: Record<string, unknown> };

/** Raw enrichment answers of disjoint parts as one answer to the whole ask (what the identity cache stores). */
export function mergeAnswers(answers: readonly unknown[]): RawAnswer {
  const merged: RawAnswer = {};
  for (const raw of answers) {
    const a = raw as RawAnswer;
    if (a.purpose !== undefined) merged.purpose = a.purpose;
    if (a.tags !== undefined) merged.tags = a.tags;
    if (a.columns !== undefined) merged.columns = { ...merged.columns, ...a.columns };
  }
  return merged;
}

/** Validated enrichments of disjoint parts of one node's ask, as one. */
export function mergeEnrichments(nodeId: string, parts: readonly NodeEnrichment[]): NodeEnrichment {
  const merged: NodeEnrichment = { nodeId, columns: new Map() };
  for (const p of parts) {
    if (p.purpose !== undefined) merged.purpose = p.purpose;
    if (p.tags !== undefined) merged.tags = p.tags;
    for (const [column, values] of p.columns) merged.columns.set(column, values);
  }
  return merged;
}
