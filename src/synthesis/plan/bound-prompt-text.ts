/**
 * Fits the two large prompt parts, SQL and upstream docs, into their token limits with a visible
 * marker, so the model (and a reader of the prompt) knows something was left out.
 */
import type { UpstreamNodeDocs } from '../types.js';

/** Counts tokens of a text (the real tokenizer in a run; anything cheap in tests). */
export type TokenCounter = (text: string) => number;

/**
 * UTF-8 bytes of `text`: an upper bound of its tokens for the byte-level BPE tokenizers we count
 * with (every token is at least one byte). Text that fits by bytes needs no tokenizer, which
 * matters on a fully cached run: it builds every prompt (for the cache keys) and would otherwise
 * load an encoding (~250 ms) just to learn that nothing needs cutting.
 */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Past 0x7ff a unit takes 3 bytes; a surrogate pair (4 bytes) counts 6, still an upper bound.
    if (code > 0x7f) bytes += code > 0x7ff ? 2 : 1;
  }
  return bytes;
}

/** The SQL cut to at most `maxTokens` (plus the marker), at a line end when there is one. */
export function truncateSql(sql: string, maxTokens: number, countTokens: TokenCounter): string {
  if (utf8Length(sql) <= maxTokens) return sql;
  const total = countTokens(sql);
  if (total <= maxTokens) return sql;
  // Longest prefix within the limit, by binary search over characters (the counter is monotone
  // enough for prefixes; the final count is measured, not assumed).
  let low = 0;
  let high = sql.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (countTokens(sql.slice(0, mid)) <= maxTokens) low = mid;
    else high = mid - 1;
  }
  let prefix = sql.slice(0, low);
  const lineEnd = prefix.lastIndexOf('\n');
  if (lineEnd > 0) prefix = prefix.slice(0, lineEnd);
  const shown = countTokens(prefix);
  return `${prefix}\n-- [osmosis-ts: SQL truncated, ${shown} of ${total} tokens shown]`;
}

/**
 * Upstream docs as text: direct parents first, then later generations, each node's description
 * and column descriptions. Stops adding lines when the next one would cross `maxTokens`. Empty
 * when no upstream node has documentation (the prompt then has no upstream block).
 */
export function formatUpstreamDocs(
  upstream: readonly UpstreamNodeDocs[],
  maxTokens: number,
  countTokens: TokenCounter,
): string {
  const ordered = upstream
    .map((docs, index) => ({ docs, index }))
    .sort((a, b) => a.docs.generation - b.docs.generation || a.index - b.index)
    .map(({ docs }) => docs);
  const lines: string[] = [];
  for (const docs of ordered) {
    if (docs.description === undefined && docs.columns.length === 0) continue;
    const relation = docs.generation === 1 ? 'direct parent' : `ancestor, generation ${docs.generation}`;
    lines.push(`${docs.name} (${docs.uniqueId}, ${relation})`);
    if (docs.description !== undefined) lines.push(`  description: ${oneLine(docs.description)}`);
    for (const column of docs.columns) lines.push(`  - ${column.name}: ${oneLine(column.description)}`);
  }
  if (lines.length === 0) return '';
  // Same cut as counting every line, without the tokenizer when all lines fit by bytes.
  if (lines.reduce((n, line) => n + utf8Length(line) + 1, 0) <= maxTokens) return lines.join('\n');
  let used = 0;
  const kept: string[] = [];
  for (const line of lines) {
    const cost = countTokens(`${line}\n`);
    if (used + cost > maxTokens) {
      const left = lines.length - kept.length;
      kept.push(`[osmosis-ts: upstream docs truncated at ${maxTokens} tokens, ${left} more lines left out]`);
      break;
    }
    used += cost;
    kept.push(line);
  }
  return kept.join('\n');
}

/** Multi-line descriptions become one line so the list structure stays readable. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
