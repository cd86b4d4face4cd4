import { isRealDescription } from '../inheritance/doc-state.js';
import type { EntryLocation } from '../project/load-project.js';
import { columnOfField } from './proposal-id.js';
import type { Dashboard, Proposal, ProposalStatus } from './types.js';
import { PROPOSAL_STATUSES } from './types.js';

export interface DashboardInput {
  /** YAML entries of the writable project, by node id. */
  entries: ReadonlyMap<string, EntryLocation>;
  proposals: readonly Proposal[];
  placeholders: ReadonlySet<string>;
}

/** Every place a proposal writes: its own field and the columns that inherit it. */
function targetsOf(p: Proposal): string[] {
  const column = columnOfField(p.field);
  return [`${p.node}\u0000${column?.toLowerCase() ?? ''}`, ...p.inheritedBy.map((t) => `${t.node}\u0000${t.column.toLowerCase()}`)];
}

/**
 * The dashboard: the documented share of the YAML (node and column descriptions) before the
 * applied proposals, now, and with the pending and approved ones; counts by status; spend.
 */
export function countDocumented(input: DashboardInput): Dashboard {
  const documented = new Set<string>();
  const all = new Set<string>();
  for (const [id, at] of input.entries) {
    all.add(`${id}\u0000`);
    if (isRealDescription(at.entry.description, input.placeholders)) documented.add(`${id}\u0000`);
    for (const c of at.entry.columns) {
      const key = `${id}\u0000${c.name.toLowerCase()}`;
      all.add(key);
      if (isRealDescription(c.description, input.placeholders)) documented.add(key);
    }
  }
  const byApplied = new Set<string>();
  for (const p of input.proposals) {
    // Enrichment (tests, tags, PII, purpose) documents no description.
    if (p.status !== 'applied' || p.enrichment) continue;
    for (const t of p.appliedTo ?? []) {
      const key = `${t.node}\u0000${t.column?.toLowerCase() ?? ''}`;
      if (!isRealDescription(t.before ?? undefined, input.placeholders)) byApplied.add(key);
    }
  }
  const withPending = new Set(documented);
  for (const p of input.proposals) {
    if ((p.status !== 'pending' && p.status !== 'approved') || p.enrichment) continue;
    for (const key of targetsOf(p)) if (all.has(key)) withPending.add(key);
  }
  const counts = Object.fromEntries(PROPOSAL_STATUSES.map((s) => [s, 0])) as Record<ProposalStatus, number>;
  for (const p of input.proposals) counts[p.status]++;
  const spendUsd = input.proposals.reduce((sum, p) => sum + (p.generation.cached ? 0 : p.generation.costUsd ?? 0), 0);
  return {
    documented: {
      before: [...documented].filter((k) => !byApplied.has(k)).length,
      afterApplied: documented.size,
      withPending: withPending.size,
      total: all.size,
    },
    counts,
    spendUsd,
  };
}
