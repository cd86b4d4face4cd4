import { isSeq, type Node } from 'yaml';
import { contentEnd } from '../yaml/locate-yaml-node.js';
import { parseYamlText } from '../yaml/parse-yaml-text.js';
import { nextLineStart } from '../yaml/text-layout.js';
import type { YamlPath } from '../yaml/types.js';
import { ReviewError } from './review-error.js';

/** Items to take out of the sequence at `path`, by index. */
export interface ItemRemoval {
  path: YamlPath;
  indices: number[];
}

/**
 * Removes sequence items that apply appended, splicing out only their text: a block item's whole
 * lines (`- not_null`, or a mapping item with its nested lines), a flow item with the comma
 * before it (`[a, b]` → `[a]`). An item that shares its line with other YAML is refused rather
 * than reflowed.
 */
export function removeYamlItems(file: string, text: string, removals: readonly ItemRemoval[]): string {
  if (removals.length === 0) return text;
  const doc = parseYamlText(file, text);
  const cuts: { start: number; end: number }[] = [];
  for (const removal of removals) {
    const seq = doc.getIn(removal.path, true);
    const where = removal.path.join('.');
    if (!isSeq(seq)) throw new ReviewError('review-rollback-missing', `${file}: '${where}' is no longer a list; nothing to remove.`, { file });
    const items = seq.items as Node[];
    for (const index of removal.indices) {
      const item = items[index];
      const range = item?.range;
      if (!item || !range) throw new ReviewError('review-rollback-missing', `${file}: '${where}' has no item ${index}; nothing to remove.`, { file });
      if (seq.flow) {
        const previous = items[index - 1]?.range;
        const next = items[index + 1]?.range;
        // The item and the comma before it; the first item goes with the comma after it.
        cuts.push(previous ? { start: previous[1], end: range[1] } : { start: range[0], end: next ? next[0] : range[1] });
        continue;
      }
      const lineStart = text.lastIndexOf('\n', range[0] - 1) + 1;
      if (!/^[ \t]*-[ \t]*$/.test(text.slice(lineStart, range[0]))) {
        throw new ReviewError('review-rollback-layout', `${file}: item ${index} of '${where}' shares its line with other YAML; remove it by hand.`, { file });
      }
      cuts.push({ start: lineStart, end: nextLineStart(text, contentEnd(item)) });
    }
  }
  // Neighbouring flow items' cuts can overlap (the first item's reaches the second's start).
  cuts.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const cut of cuts) {
    const last = merged.at(-1);
    if (last && cut.start <= last.end) last.end = Math.max(last.end, cut.end);
    else merged.push({ ...cut });
  }
  let out = text;
  for (const cut of merged.reverse()) out = out.slice(0, cut.start) + out.slice(cut.end);
  return out;
}
