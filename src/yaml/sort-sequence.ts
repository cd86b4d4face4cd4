import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { YamlEditError } from './errors.js';
import { NodeLocator, contentEnd, findPair } from './locate-yaml-node.js';
import { parseYamlText } from './parse-yaml-text.js';
import { itemBlockStart, nextLineStart } from './text-layout.js';
import type { YamlPath } from './types.js';

function itemName(item: unknown): string | undefined {
  if (!isMap(item)) return undefined;
  const value = findPair(item, 'name')?.value;
  return isScalar(value) && value.value !== null ? String(value.value).toLowerCase() : undefined;
}

/**
 * Reorders the items of the block sequence at `path` so that their `name`s follow `names`
 * (lower-cased). Each item moves as whole lines, with the comment lines just above it, so its text
 * stays byte for byte. An item that is not in `names` (an `include:` rule, a column the order does
 * not know) keeps its place right after the item before it. Flow sequences are left as they are.
 */
export function sortSequenceItems(text: string, path: YamlPath, names: readonly string[]): string {
  const doc = parseYamlText('<input>', text);
  const seq = new NodeLocator(doc, text).slotAt(path).node;
  if (!isSeq(seq)) throw new YamlEditError('yaml-edit-unsupported', path, 'sorting needs a sequence here');
  if (seq.flow || seq.items.length < 2) return text;
  const rank = new Map(names.map((name, i) => [name, i]));
  const starts = seq.items.map((item) => itemBlockStart(text, (item as Node).range?.[0] ?? 0));
  const end = nextLineStart(text, contentEnd(seq));
  const groups: { rank: number; text: string }[] = [];
  seq.items.forEach((item, i) => {
    const block = text.slice(starts[i], starts[i + 1] ?? end);
    const known = rank.get(itemName(item) ?? '');
    const last = groups[groups.length - 1];
    if (known === undefined && last) last.text += block;
    else groups.push({ rank: known ?? -1, text: block });
  });
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // At the end of a file without a final newline the last block has none; one is lent while sorting.
  const lent = !text.slice(0, end).endsWith('\n');
  const last = groups[groups.length - 1];
  if (lent && last) last.text += eol;
  const sorted = [...groups].sort((a, b) => a.rank - b.rank).map((g) => g.text).join('');
  const region = lent ? sorted.slice(0, -eol.length) : sorted;
  return text.slice(0, starts[0]) + region + text.slice(end);
}
