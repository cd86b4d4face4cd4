import type { Proposal } from './types.js';

/**
 * The current state of each proposal: the store holds one line per change, newest last, so the
 * last line of an id wins. Order of first appearance is kept (the order proposals were made).
 */
export function foldProposals(lines: readonly Proposal[]): Proposal[] {
  const byId = new Map<string, Proposal>();
  for (const line of lines) {
    byId.delete(line.id);
    byId.set(line.id, line);
  }
  const firstSeen = new Map<string, number>();
  lines.forEach((line, index) => {
    if (!firstSeen.has(line.id)) firstSeen.set(line.id, index);
  });
  return [...byId.values()].sort((a, b) => (firstSeen.get(a.id) ?? 0) - (firstSeen.get(b.id) ?? 0));
}
