import { ReviewError } from './review-error.js';
import type { Proposal } from './types.js';

/** Shortest id prefix accepted: shorter ones would soon match several proposals. */
const MIN_PREFIX = 6;

/** Full ids for what a person typed: whole ids or unique prefixes (as `review list` prints them). */
export function resolveIds(typed: readonly string[], proposals: readonly Proposal[]): string[] {
  return typed.map((t) => {
    const wanted = t.trim().toLowerCase();
    if (wanted.length < MIN_PREFIX) throw new ReviewError('review-id', `'${t}': give at least ${MIN_PREFIX} characters of a proposal id (see osmosis-ts review list).`);
    const matches = proposals.filter((p) => p.id.startsWith(wanted));
    if (matches.length === 0) throw new ReviewError('review-id', `'${t}': no proposal has this id (see osmosis-ts review list).`);
    if (matches.length > 1) throw new ReviewError('review-id', `'${t}' matches ${matches.length} proposals; give more characters.`);
    return (matches[0] as Proposal).id;
  });
}
