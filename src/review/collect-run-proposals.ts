import { isRealDescription, type ColumnDoc, type DocState, type NodeDoc } from '../inheritance/doc-state.js';
import type { CallRecord } from '../synthesis/types.js';
import type { CandidateProposal } from './merge-run-proposals.js';
import { columnField, proposalId } from './proposal-id.js';
import { restoreColumn, restoreNodeDescription, type DocsSnapshot } from './snapshot-docs.js';
import type { Generation, InheritedTarget, ProposalContext } from './types.js';

export interface CollectInput {
  state: DocState;
  /** The nodes to write, as they were before synthesis. */
  before: DocsSnapshot;
  calls: readonly CallRecord[];
  parents(id: string): Iterable<string>;
  /** The schema file a node's text goes to (its entry's file, or where a new entry is routed). */
  pathOf(doc: NodeDoc): string;
  provider: string;
  model: string;
  /** USD of a call's usage; null when the price is unknown. */
  costOf(usage: { inputTokens: number; outputTokens: number }): number | null;
  placeholders: ReadonlySet<string>;
  actor: string;
  now: string;
}

const SQL_EXCERPT_CHARS = 4000;
const MAX_UPSTREAM_DOCS = 12;

/**
 * Keys a direct run writes after `description` in the target's mapping and that this run may have
 * added: in a new column `tags` and `meta`; in an existing one those it lacked; in an entry,
 * `columns` when it had none.
 */
function placeBefore(doc: NodeDoc, column: ColumnDoc | undefined): string[] {
  if (!column) return !doc.entry || doc.entry.entry.columns.length === 0 ? ['columns'] : [];
  const yaml = column.yaml;
  if (!yaml) return ['tags', 'meta'];
  const keys: string[] = [];
  if (!yaml.hasTagsKey) keys.push(yaml.tagsKey === 'config.tags' ? 'config' : 'tags');
  if (!yaml.hasMetaKey) keys.push(yaml.metaKey === 'config.meta' ? 'config' : 'meta');
  if (!yaml.hasConfig) keys.push('config');
  return [...new Set(keys)];
}

/** Which calls produced a text, and their tokens, cost and prompt (shared calls split over `shareCount` texts). */
export function generationOf(own: CallRecord[], shared: CallRecord[], shareCount: number, input: Pick<CollectInput, 'provider' | 'model' | 'costOf'>): Generation {
  const used = own.length > 0 ? own : shared;
  const divisor = own.length > 0 ? 1 : Math.max(1, shareCount);
  const inputTokens = Math.round(used.reduce((n, c) => n + (c.usage?.inputTokens ?? 0), 0) / divisor);
  const outputTokens = Math.round(used.reduce((n, c) => n + (c.usage?.outputTokens ?? 0), 0) / divisor);
  const cached = used.length > 0 && used.every((c) => c.cached);
  const last = [...used].reverse().find((c) => !c.failed) ?? used[used.length - 1];
  return {
    provider: input.provider,
    model: input.model,
    promptSha256: last?.promptSha256 ?? '',
    inputTokens,
    outputTokens,
    costUsd: cached ? 0 : input.costOf({ inputTokens, outputTokens }),
    cached,
  };
}

function upstreamDocs(doc: NodeDoc, input: Pick<CollectInput, 'parents' | 'state' | 'placeholders'>): ProposalContext['upstreamDocs'] {
  const out: NonNullable<ProposalContext['upstreamDocs']> = [];
  for (const parentId of input.parents(doc.node.uniqueId)) {
    const parent = input.state.get(parentId);
    if (!parent) continue;
    if (isRealDescription(parent.description, input.placeholders)) out.push({ node: parentId, text: parent.description });
    for (const c of parent.columns) {
      if (out.length >= MAX_UPSTREAM_DOCS) return out;
      if (isRealDescription(c.description, input.placeholders)) out.push({ node: parentId, column: c.name, text: c.description });
    }
  }
  return out;
}

export function contextOf(doc: NodeDoc, dataType: string | undefined, input: Pick<CollectInput, 'parents' | 'state' | 'placeholders'>): ProposalContext {
  const sql = doc.node.rawCode;
  const upstream = upstreamDocs(doc, input);
  return {
    resourceType: doc.node.resourceType,
    ...(sql ? { sqlExcerpt: sql.length > SQL_EXCERPT_CHARS ? `${sql.slice(0, SQL_EXCERPT_CHARS)}\n…` : sql } : {}),
    ...(upstream && upstream.length > 0 ? { upstreamDocs: upstream } : {}),
    ...(dataType ? { dataType } : {}),
  };
}

/**
 * Turns what synthesis wrote into the doc state into proposals, and takes it back out of the
 * state, so the YAML gets inheritance only. A column that received a synthesized text through
 * inheritance is not a proposal of its own: it is listed in `inheritedBy` of the proposal it
 * inherits from (the progenitor's column with that text). Mutates `state`.
 */
export function collectRunProposals(input: CollectInput): CandidateProposal[] {
  const callsByNode = new Map<string, CallRecord[]>();
  for (const call of input.calls) callsByNode.set(call.node, [...(callsByNode.get(call.node) ?? []), call]);
  const candidates: CandidateProposal[] = [];
  /** progenitor node → text → the proposal's inheritors. */
  const byText = new Map<string, Map<string, InheritedTarget[]>>();
  const inheriting: { node: string; column: string; progenitor: string | undefined; text: string; placeBefore: string[] }[] = [];

  for (const [id, snap] of input.before) {
    const doc = input.state.get(id);
    if (!doc) continue;
    const calls = callsByNode.get(id) ?? [];
    const shared = calls.filter((c) => c.column === undefined && c.strategy !== 'node-description' && c.strategy !== 'enrich');
    const made: { field: string; text: string; original: string | undefined; own: CallRecord[]; placeBefore: string[]; dataType?: string }[] = [];
    if (doc.descriptionOrigin === 'synthesized' && snap.origin !== 'synthesized' && doc.description !== undefined) {
      made.push({ field: 'description', text: doc.description, original: snap.description, own: calls.filter((c) => c.strategy === 'node-description'), placeBefore: placeBefore(doc, undefined) });
      restoreNodeDescription(input.state, id, snap);
    }
    for (const c of doc.columns) {
      const was = snap.columns.get(c.name.toLowerCase());
      if (!was || c.description === was.description || c.description === undefined) continue;
      if (c.origin === 'synthesized') {
        made.push({ field: columnField(c.name), text: c.description, original: was.description, own: calls.filter((call) => call.column === c.name), placeBefore: placeBefore(doc, c), ...(c.dataType ? { dataType: c.dataType } : {}) });
      } else {
        inheriting.push({ node: id, column: c.name, progenitor: c.progenitor, text: c.description, placeBefore: placeBefore(doc, c) });
      }
      restoreColumn(input.state, id, c.name, was);
    }
    const sharing = made.filter((m) => m.own.length === 0).length;
    for (const m of made) {
      // Two columns of one node with the same text: the inheritors go to the first one.
      const texts = byText.get(id) ?? new Map<string, InheritedTarget[]>();
      byText.set(id, texts);
      const inheritedBy: InheritedTarget[] = [];
      if (!texts.has(m.text)) texts.set(m.text, inheritedBy);
      candidates.push({
        id: proposalId(id, m.field, m.text),
        node: id,
        path: input.pathOf(doc),
        field: m.field,
        original: m.original ?? null,
        proposed: m.text,
        inheritedBy,
        ...(m.placeBefore.length > 0 ? { placeBefore: m.placeBefore } : {}),
        generation: generationOf(m.own, shared, sharing, input),
        context: contextOf(doc, m.dataType, input),
        createdAt: input.now,
        createdBy: input.actor,
      });
    }
  }
  for (const child of inheriting) {
    const targets = child.progenitor === undefined ? undefined : byText.get(child.progenitor)?.get(child.text);
    targets?.push({ node: child.node, column: child.column, ...(child.placeBefore.length > 0 ? { placeBefore: child.placeBefore } : {}) });
  }
  return candidates;
}
