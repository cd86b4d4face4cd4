import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLSeq } from 'yaml';
import { columnAt, nextLineStart } from '../yaml/text-layout.js';
import type { EntrySection } from '../yaml/types.js';

/** The text of one top-level entry (`- name: …` with its leading comment lines) in a schema file. */
export interface EntrySpan {
  start: number;
  end: number;
  /** Column of the entry's `-`. */
  dashColumn: number;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The pair of a top-level section (`models:`), when the file has it. */
export function sectionPair(doc: Document, section: EntrySection): Pair<Node, Node | null> | undefined {
  if (!isMap(doc.contents)) return undefined;
  return doc.contents.items.find((p): p is Pair<Node, Node | null> => isPair(p) && isScalar(p.key) && p.key.value === section);
}

/** The block sequence of a section; undefined when the section is missing, empty or in flow style. */
export function sectionSeq(doc: Document, section: EntrySection): YAMLSeq<Node> | undefined {
  const value = sectionPair(doc, section)?.value;
  return isSeq(value) && !value.flow && value.items.length > 0 ? (value as YAMLSeq<Node>) : undefined;
}

/**
 * Where entry `index` of a block section is written: from its `-` line, widened over the comment
 * lines right above it that align with its `-` (they describe it), to the end of its last line. Undefined when the entry
 * is not laid out one `- ` per line (a flow sequence, or `-` sharing a line with something else).
 */
export function entrySpan(text: string, seq: YAMLSeq<Node>, index: number): EntrySpan | undefined {
  const item = seq.items[index];
  if (!item?.range) return undefined;
  const first = lineStart(text, item.range[0]);
  const dashLine = text.slice(first, item.range[0]);
  if (!/^ *- +$/.test(dashLine)) return undefined;
  const dashColumn = columnAt(text, first + dashLine.indexOf('-'));
  let start = first;
  for (;;) {
    if (start === 0) break;
    const previous = lineStart(text, start - 1);
    const line = text.slice(previous, start);
    // Only comments aligned with the `-`: deeper ones trail the entry above, shallower ones the section.
    if (!/^ *#/.test(line) || line.indexOf('#') !== dashColumn) break;
    start = previous;
  }
  return { start, end: nextLineStart(text, item.range[2]), dashColumn };
}

/** Shifts every line of an entry's text from one `-` column to another. */
export function reindent(entryText: string, from: number, to: number): string {
  if (from === to) return entryText;
  return entryText
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return line;
      if (to > from) return ' '.repeat(to - from) + line;
      const removable = Math.min(from - to, line.length - line.trimStart().length);
      return line.slice(removable);
    })
    .join('\n');
}
