import { stat } from 'node:fs/promises';
import type { Proposal, ReviewStore } from '../types.js';
import { summarizeProposal } from './summarize-proposal.js';

/** The store's proposals as the page reads them: the list without the heavy parts, and each in full. */
export interface ProposalSnapshot {
  /** JSON of `{ proposals, diagnostics }`, each proposal summarized (summarize-proposal.ts). */
  listBody: string;
  byId: Map<string, Proposal>;
}

/** What lets a snapshot be reused: each store file's size and mtime, or its absence. */
async function filesKey(files: readonly string[]): Promise<string> {
  const parts = await Promise.all(
    files.map((f) =>
      stat(f).then(
        (s) => `${s.size}:${s.mtimeMs}`,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return 'none';
          throw error;
        },
      ),
    ),
  );
  return parts.join('|');
}

/**
 * Reads the store once and again only when its files change (another tab, the terminal, a git
 * pull all change size or mtime). With 5,000 proposals a read and its JSON take about a second on
 * a busy machine; the page must be usable within one, so it loads summaries (a third of the
 * bytes) and fetches a proposal in full on selection.
 * The files are stat'ed before the read, so a change during it makes the next call read again.
 */
export function createProposalCache(store: ReviewStore, files: readonly string[]): () => Promise<ProposalSnapshot> {
  let cached: { key: string; snapshot: ProposalSnapshot } | undefined;
  return async () => {
    const key = files.length > 0 ? await filesKey(files) : undefined;
    if (key !== undefined && cached?.key === key) return cached.snapshot;
    const { proposals, diagnostics } = await store.list();
    const snapshot = { listBody: JSON.stringify({ proposals: proposals.map(summarizeProposal), diagnostics }), byId: new Map(proposals.map((p) => [p.id, p])) };
    if (key !== undefined) cached = { key, snapshot };
    return snapshot;
  };
}
