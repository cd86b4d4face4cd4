import { foldProposals } from './fold-proposals.js';
import { readJsonl } from './read-jsonl.js';
import { emptyCursor, readJsonlSince, type JsonlCursor } from './read-jsonl-incremental.js';
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

/** What a long-lived store object has read so far (see readJsonlSince). */
export interface StoreCursors {
  proposals: JsonlCursor<Proposal>;
  audit: JsonlCursor<AuditRecord>;
}

export function emptyCursors(): StoreCursors {
  return { proposals: emptyCursor(), audit: emptyCursor() };
}

/**
 * Reads both store files; bad lines become diagnostics (file and line), the rest is kept. With
 * cursors, only what was appended since the last read is parsed.
 */
export async function readStore(paths: StorePaths, cursors?: StoreCursors): Promise<StoreState> {
  const [lines, audit] = await Promise.all([
    cursors
      ? readJsonlSince(paths.proposals, '.osmosis/proposals.jsonl', proposalSchema, cursors.proposals)
      : readJsonl(paths.proposals, '.osmosis/proposals.jsonl', proposalSchema),
    cursors ? readJsonlSince(paths.audit, '.osmosis/audit.jsonl', auditSchema, cursors.audit) : readJsonl(paths.audit, '.osmosis/audit.jsonl', auditSchema),
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
  for (const record of state.audit) {
    const trail = byId.get(record.id);
    if (trail) trail.push(record);
    else byId.set(record.id, [record]);
  }
  return state.proposals.map((p) => ({ ...p, history: byId.get(p.id) ?? [] }));
}
