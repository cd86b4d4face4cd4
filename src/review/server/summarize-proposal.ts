import type { Proposal, ProposalStatus } from '../types.js';

/** What the page's list holds per proposal: enough to draw, filter, search and act on it. */
export interface ProposalSummary {
  id: string;
  node: string;
  path: string;
  field: string;
  status: ProposalStatus;
  revision: number;
  current: string;
  /** A reviewer changed the model's text. */
  edited: boolean;
  /** How many columns inherit the text. */
  inherited: number;
  /** model, seed, source, snapshot. */
  type: string;
  note?: string;
  reviewedBy?: string;
}

/**
 * The list leaves out each proposal's context, generation and history: with 5,000 proposals
 * they are most of the bytes, and the page shows them for one proposal at a time.
 */
export function summarizeProposal(p: Proposal): ProposalSummary {
  return {
    id: p.id,
    node: p.node,
    path: p.path,
    field: p.field,
    status: p.status,
    revision: p.revision,
    current: p.current,
    edited: p.current !== p.proposed,
    inherited: p.inheritedBy.length,
    type: p.context.resourceType ?? p.node.split('.')[0] ?? 'model',
    ...(p.note !== undefined ? { note: p.note } : {}),
    ...(p.reviewedBy !== undefined ? { reviewedBy: p.reviewedBy } : {}),
  };
}
