import { isMap, isPair, isSeq, type Document, type Node } from 'yaml';

/** How a file lays out nested collections, learned from its own text so new lines match. */
export interface TextLayout {
  /** Line ending of the file (`\r\n` when its first line break is CRLF). */
  eol: string;
  /** Spaces a nested mapping is indented under its key. */
  indentUnit: number;
  /** Spaces a block sequence's `-` is indented under its key (0 = `key:\n- item`). */
  seqIndent: number;
  /**
   * False for text inserted just before lines a block scalar would take into its text (a
   * whitespace-only line, a comment indented deeper than the keys): strings are quoted instead.
   */
  blockScalars?: boolean;
}

/** The default for new files and files with nothing nested to learn from. */
export const DEFAULT_LAYOUT: TextLayout = { eol: '\n', indentUnit: 2, seqIndent: 2 };

export function detectLayout(doc: Document, text: string): TextLayout {
  const firstBreak = text.indexOf('\n');
  const eol = firstBreak > 0 && text[firstBreak - 1] === '\r' ? '\r\n' : '\n';
  let indentUnit: number | undefined;
  let seqIndent: number | undefined;
  // Breadth-first so the outermost (most deliberate) nesting decides; stops once both are known.
  const queue: unknown[] = [doc.contents];
  for (let i = 0; i < queue.length && (indentUnit === undefined || seqIndent === undefined); i++) {
    const node = queue[i];
    if (isSeq(node)) {
      queue.push(...node.items);
      continue;
    }
    if (!isMap(node) || node.flow) continue;
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (!key?.range || !value?.range) continue;
      const keyColumn = columnAt(text, key.range[0]);
      if (isMap(value) && !value.flow && indentUnit === undefined) {
        const diff = columnAt(text, value.range[0]) - keyColumn;
        if (diff > 0) indentUnit = diff;
      }
      if (isSeq(value) && !value.flow && seqIndent === undefined) {
        seqIndent = Math.max(0, columnAt(text, value.range[0]) - keyColumn);
      }
      queue.push(value);
    }
  }
  const unit = indentUnit ?? (seqIndent !== undefined && seqIndent > 0 ? seqIndent : 2);
  return { eol, indentUnit: unit, seqIndent: seqIndent ?? unit };
}

/** Column (0-based, in UTF-16 units) of `offset`; a BOM at the start of the file does not count. */
export function columnAt(text: string, offset: number): number {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (lineStart === 0 && text.charCodeAt(0) === 0xfeff) lineStart = 1;
  return offset - lineStart;
}

/** Offset of the line break ending the line that holds `offset` (`\r` of a CRLF), or the text length. */
export function lineBreakAt(text: string, offset: number): number {
  const lf = text.indexOf('\n', offset);
  if (lf < 0) return text.length;
  return lf > 0 && text[lf - 1] === '\r' && lf - 1 >= offset ? lf - 1 : lf;
}

/**
 * A block scalar ending just before `lineStart`, with its text at `contentColumn` or deeper, would
 * take in what follows: after any empty lines, a line of only spaces or tabs (read as spaces of its
 * text), or a line indented to `contentColumn` or beyond, such as a comment indented deeper than
 * the keys around it (read as a line of its text).
 */
export function readIntoBlockScalar(text: string, lineStart: number, contentColumn: number): boolean {
  for (let at = lineStart; at < text.length; ) {
    const end = lineBreakAt(text, at);
    const line = text.slice(at, end);
    if (line !== '') return /^[ \t]+$/.test(line) || /^ */.exec(line)![0].length >= contentColumn;
    at = nextLineStart(text, end + 1);
  }
  return false;
}

/** Offset just after the line holding `offset - 1`: where a new line after that content goes. */
export function nextLineStart(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const lf = text.indexOf('\n', offset);
  return lf < 0 ? text.length : lf + 1;
}

/**
 * Start of the line holding `offset`, moved up over the comment lines right above it: a comment
 * there speaks about the item on that line, so the item's block starts with it.
 */
export function itemBlockStart(text: string, offset: number): number {
  let start = text.lastIndexOf('\n', offset - 1) + 1;
  while (start > 0) {
    const previousStart = text.lastIndexOf('\n', start - 2) + 1;
    if (!/^[ \t]*#/.test(text.slice(previousStart, start))) break;
    start = previousStart;
  }
  return start;
}
