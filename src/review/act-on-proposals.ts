import { ReviewError } from './review-error.js';
import type { ActInput, ActResult, AuditRecord, Proposal } from './types.js';

export interface ActPlan extends ActResult {
  /** New states to append to proposals.jsonl. */
  lines: Proposal[];
  audit: AuditRecord[];
}

/** Which statuses an action may start from: applied text is undone by rollback, not by reject. */
const ALLOWED_FROM: Record<ActInput['action'], ReadonlySet<Proposal['status']>> = {
  approve: new Set(['pending', 'rejected', 'rolled_back', 'stale']),
  reject: new Set(['pending', 'approved', 'stale', 'rolled_back']),
  edit: new Set(['pending', 'approved', 'rejected', 'rolled_back', 'stale']),
};

/**
 * Plans approve / reject / edit over the current proposals. Pure: the store appends the result.
 * An item whose stored revision differs from the one its actor saw is a conflict and is left as
 * it is; so is one whose status does not allow the action. Approving what is already approved
 * is not a change.
 */
export function actOnProposals(current: ReadonlyMap<string, Proposal>, input: ActInput, now: string): ActPlan {
  const plan: ActPlan = { updated: [], conflicts: [], unknown: [], lines: [], audit: [] };
  if (input.action === 'edit' && (input.text === undefined || input.text.trim() === '')) {
    throw new ReviewError('review-edit-empty', 'review edit: --text is empty; give the description to approve.');
  }
  for (const item of input.items) {
    const proposal = current.get(item.id);
    if (!proposal) {
      plan.unknown?.push(item.id);
      continue;
    }
    if (proposal.revision !== item.revision) {
      plan.conflicts.push({ id: item.id, current: proposal, reason: `changed meanwhile (revision ${proposal.revision}, you saw ${item.revision})` });
      continue;
    }
    if (input.action === 'edit' && proposal.enrichment && proposal.enrichment.kind !== 'purpose') {
      // A test, tag list or PII flag is a structured value, not text: editing its YAML text here
      // could write something dbt rejects. Reject it and write the value you want by hand.
      plan.conflicts.push({ id: item.id, current: proposal, reason: `cannot edit ${proposal.field}: only texts (descriptions, the business purpose) can be edited; approve or reject it, and write another value in the YAML by hand` });
      continue;
    }
    const unchanged = input.action === 'approve' && proposal.status === 'approved';
    if (unchanged) continue;
    if (!ALLOWED_FROM[input.action].has(proposal.status)) {
      plan.conflicts.push({ id: item.id, current: proposal, reason: `cannot ${input.action} a proposal that is ${proposal.status}` });
      continue;
    }
    const next: Proposal = {
      ...proposal,
      status: input.action === 'reject' ? 'rejected' : 'approved',
      current: input.action === 'edit' ? (input.text as string) : proposal.current,
      revision: proposal.revision + 1,
      reviewedAt: now,
      reviewedBy: input.actor,
    };
    delete next.history;
    if (input.note !== undefined) next.note = input.note;
    plan.lines.push(next);
    plan.updated.push(next);
    plan.audit.push({
      at: now,
      actor: input.actor,
      action: input.action,
      id: proposal.id,
      node: proposal.node,
      field: proposal.field,
      before: input.action === 'edit' ? proposal.current : proposal.status,
      after: input.action === 'edit' ? next.current : next.status,
      ...(input.note !== undefined ? { note: input.note } : {}),
    });
  }
  return plan;
}
