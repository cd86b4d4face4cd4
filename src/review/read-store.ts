import { foldProposals } from './fold-proposals.js';
import { readJsonl } from './read-jsonl.js';
import { auditSchema, proposalSchema } from './record-schemas.js';
import type { StorePaths } from './store-paths.js';
import type { AuditRecord, Proposal, StoreDiagnostic } from './types.js';

export interface StoreState {
  /** Current state of every proposal, in the order they were made. */
  proposals: Proposal[];
  byId: Map<string, Proposal>;
  audit: AuditRecord[];
  diagnostics: StoreDiagnostic[];
}

/** Reads both store files; bad lines become diagnostics (file and line), the rest is kept. */
export async function readStore(paths: StorePaths): Promise<StoreState> {
  const [lines, audit] = await Promise.all([
    readJsonl(paths.proposals, '.osmosis/proposals.jsonl', proposalSchema),
    readJsonl(paths.audit, '.osmosis/audit.jsonl', auditSchema),
  ]);
  const proposals = foldProposals(lines.records);
  return {
    proposals,
    byId: new Map(proposals.map((p) => [p.id, p])),
    audit: audit.records,
    diagnostics: [...lines.diagnostics, ...audit.diagnostics],
  };
}

/** Each proposal with its audit trail attached (for `list --format json`, export and the page). */
export function withHistory(state: StoreState): Proposal[] {
  const byId = new Map<string, AuditRecord[]>();
  for (const record of state.audit) byId.set(record.id, [...(byId.get(record.id) ?? []), record]);
  return state.proposals.map((p) => ({ ...p, history: byId.get(p.id) ?? [] }));
}
