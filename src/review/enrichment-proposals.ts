import { stringify } from 'yaml';
import { columnEnrichment, piiMeta } from '../enrich/plan-enrichment.js';
import { existingTests, hasTest, renderTest } from '../enrich/test-shapes.js';
import type { EnrichKeys, NodeEnrichment, SuggestedTest } from '../enrich/types.js';
import type { ColumnDoc, NodeDoc } from '../inheritance/doc-state.js';
import type { CallRecord } from '../synthesis/types.js';
import { contextOf, generationOf, type CollectInput } from './collect-run-proposals.js';
import type { CandidateProposal } from './merge-run-proposals.js';
import { proposalId } from './proposal-id.js';
import type { EnrichmentValue } from './types.js';
import { entryTarget } from '../enrich/enrich-target.js';
import type { SchemaFile } from '../yaml/types.js';

export interface EnrichmentProposalInput extends Omit<CollectInput, 'before'> {
  enrichments: ReadonlyMap<string, NodeEnrichment>;
  keys: EnrichKeys;
  /** The parsed schema file at a path relative to the project dir: an entry's own tags and meta are read there. */
  schemaFile(path: string): SchemaFile | undefined;
  /** Nodes whose description proposals of this run already carry the cost of their calls. */
  costCarried?: ReadonlySet<string>;
}

/** A value as one line of YAML flow text: what the reviewer reads in `proposed` and `current`. */
export function yamlText(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}

interface Made {
  field: string;
  text: string;
  value: EnrichmentValue;
  column?: ColumnDoc;
}

/** The field a test proposal has: one per test kind, so a new answer replaces the pending one of that kind. */
function testField(column: string, test: SuggestedTest): string {
  return `columns.${column}.tests.${test.kind}`;
}

/** What a node's enrichment adds to what its YAML already holds; nothing already there is proposed. */
function madeFor(doc: NodeDoc, enrichment: NodeEnrichment, keys: EnrichKeys, file: SchemaFile | undefined): Made[] {
  const made: Made[] = [];
  // The entry as written (the manifest's tags also hold those dbt_project.yml gives the node).
  const entry = doc.entry && file ? entryTarget(doc.entry.entry.path, file, undefined) : undefined;
  const nodeMeta = { ...doc.node.meta, ...entry?.meta };
  const haveTags = new Set([...doc.node.tags, ...(entry?.tags ?? [])]);
  if (enrichment.purpose !== undefined && !(keys.purpose in nodeMeta)) {
    made.push({ field: `meta.${keys.purpose}`, text: enrichment.purpose, value: { kind: 'purpose', key: keys.purpose } });
  }
  const nodeTags = [...new Set(enrichment.tags ?? [])].filter((t) => !haveTags.has(t));
  if (nodeTags.length > 0) made.push({ field: 'tags', text: yamlText(nodeTags), value: { kind: 'tags', tags: nodeTags } });
  for (const column of doc.columns) {
    const values = columnEnrichment(enrichment, column.name);
    if (!values) continue;
    const name = column.name;
    const meta = piiMeta(values.pii, column.meta, keys);
    if (values.pii && Object.keys(meta).length > 0) {
      made.push({ field: `columns.${name}.meta.${keys.piiFlag}`, text: yamlText(meta), value: { kind: 'pii', column: name, category: values.pii.category, flagKey: keys.piiFlag, categoryKey: keys.piiCategory }, column });
    }
    const tags = [...new Set(values.tags ?? [])].filter((t) => !column.tags.includes(t));
    if (tags.length > 0) made.push({ field: `columns.${name}.tags`, text: yamlText(tags), value: { kind: 'tags', column: name, tags }, column });
    const existing = existingTests(column.yaml?.values);
    const seen = new Set<string>();
    for (const test of values.tests ?? []) {
      if (hasTest(existing, test) || seen.has(test.kind)) continue;
      seen.add(test.kind);
      made.push({ field: testField(name, test), text: yamlText(renderTest(test)), value: { kind: 'test', column: name, test }, column });
    }
  }
  return made;
}

/**
 * Enrichment values as proposals (review by default, spec/enrich.md): one per PII column, per
 * tag list, per test and per purpose, so a reviewer can approve `not_null` and reject `unique`.
 * The id is the node, the field and the YAML text of the value: the same answer gives the same id.
 */
export function enrichmentProposals(input: EnrichmentProposalInput, docs: Iterable<NodeDoc>): CandidateProposal[] {
  const callsByNode = new Map<string, CallRecord[]>();
  for (const call of input.calls) callsByNode.set(call.node, [...(callsByNode.get(call.node) ?? []), call]);
  const out: CandidateProposal[] = [];
  for (const doc of docs) {
    const enrichment = input.enrichments.get(doc.node.uniqueId);
    if (!enrichment || !doc.writable) continue;
    const made = madeFor(doc, enrichment, input.keys, doc.entry ? input.schemaFile(doc.entry.file) : undefined);
    // Enrichment rides on the node's requests: their cost is shared by what they produced.
    const calls = callsByNode.get(doc.node.uniqueId) ?? [];
    const shared = generationOf([], calls, made.length, input);
    // Counted once: where description proposals carry the calls, these name the prompt only.
    const generation = input.costCarried?.has(doc.node.uniqueId) ? { ...shared, inputTokens: 0, outputTokens: 0, costUsd: 0 } : shared;
    for (const m of made) {
      out.push({
        id: proposalId(doc.node.uniqueId, m.field, m.text),
        node: doc.node.uniqueId,
        path: input.pathOf(doc),
        field: m.field,
        enrichment: m.value,
        original: null,
        proposed: m.text,
        inheritedBy: [],
        generation,
        context: contextOf(doc, m.column?.dataType, input),
        createdAt: input.now,
        createdBy: input.actor,
      });
    }
  }
  return out;
}
