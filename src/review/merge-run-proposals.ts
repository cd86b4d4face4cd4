import type { AuditRecord, Proposal } from './types.js';

/** A text a `--review` run produced, before the store decides whether it is new. */
export type CandidateProposal = Omit<Proposal, 'status' | 'revision' | 'current' | 'history'>;

export interface MergeInput {
  existing: readonly Proposal[];
  candidates: readonly CandidateProposal[];
  /**
   * `node\u0000field` of every target that now has a real text in the YAML (written by a person
   * meanwhile): its pending proposals become stale.
   */
  documented: ReadonlySet<string>;
  actor: string;
  now: string;
}

export interface MergeResult {
  lines: Proposal[];
  audit: AuditRecord[];
  counts: { created: number; replaced: number; stale: number };
}

export function targetKey(node: string, field: string): string {
  return `${node}\u0000${field}`;
}

function staleLine(p: Proposal, note: string): Proposal {
  const next: Proposal = { ...p, status: 'stale', revision: p.revision + 1, note };
  delete next.history;
  return next;
}

/**
 * What a `--review` run adds to the store. Pure. A candidate whose id exists is not added again
 * (same node, field and text). A new answer for a field replaces that field's pending proposal
 * (which becomes stale, noting its successor), but never one a person approved. A pending
 * proposal whose field a person has documented meanwhile becomes stale.
 */
export function mergeRunProposals(input: MergeInput): MergeResult {
  const result: MergeResult = { lines: [], audit: [], counts: { created: 0, replaced: 0, stale: 0 } };
  const byId = new Map(input.existing.map((p) => [p.id, p]));
  const open = new Map<string, Proposal[]>();
  for (const p of input.existing) {
    if (p.status !== 'pending' && p.status !== 'approved') continue;
    const key = targetKey(p.node, p.field);
    open.set(key, [...(open.get(key) ?? []), p]);
  }
  const markStale = (p: Proposal, note: string): void => {
    const next = staleLine(p, note);
    byId.set(p.id, next);
    result.lines.push(next);
    result.audit.push({ at: input.now, actor: input.actor, action: 'stale', id: p.id, node: p.node, field: p.field, before: p.status, after: 'stale', note });
  };
  for (const p of input.existing) {
    if (p.status === 'pending' && input.documented.has(targetKey(p.node, p.field))) {
      markStale(p, 'the YAML now has a text for this field');
      result.counts.stale++;
    }
  }
  for (const candidate of input.candidates) {
    if (byId.has(candidate.id)) continue;
    const key = targetKey(candidate.node, candidate.field);
    const others = (open.get(key) ?? []).filter((p) => byId.get(p.id)?.status === 'pending' || byId.get(p.id)?.status === 'approved');
    if (others.some((p) => byId.get(p.id)?.status === 'approved')) continue;
    for (const p of others) {
      markStale(byId.get(p.id) ?? p, `replaced by a newer answer (${candidate.id.slice(0, 12)})`);
      result.counts.replaced++;
    }
    const proposal: Proposal = { ...candidate, current: candidate.proposed, status: 'pending', revision: 0 };
    byId.set(proposal.id, proposal);
    open.set(key, [proposal]);
    result.lines.push(proposal);
    result.counts.created++;
    result.audit.push({ at: input.now, actor: input.actor, action: 'propose', id: proposal.id, node: proposal.node, field: proposal.field, before: proposal.original, after: proposal.proposed });
  }
  return result;
}
