import type { Proposal } from './types.js';

/**
 * The current state of each proposal: the store holds one line per change, newest last, so the
 * last line of an id wins. A Map keeps the position of a key's first insertion when its value is
 * replaced, so proposals stay in the order they were made.
 */
export function foldProposals(lines: readonly Proposal[]): Proposal[] {
  const byId = new Map<string, Proposal>();
  for (const line of lines) byId.set(line.id, line);
  return [...byId.values()];
}
