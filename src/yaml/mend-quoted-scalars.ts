import { isScalar, parseDocument, visit, type Document, type Scalar } from 'yaml';
import { renderDoubleQuoted } from './render-yaml-scalar.js';

/** A quoted scalar whose continuation lines sit at or left of its key, read as PyYAML reads it. */
export interface MendedScalar {
  /** Offset of the opening quote. */
  start: number;
  /** Offset just after the closing quote. */
  end: number;
  type: 'QUOTE_DOUBLE' | 'QUOTE_SINGLE';
  value: string;
}

const MISSING_QUOTE = /^Missing closing ["']quote/;

/**
 * libyaml (dbt's parser) ends a multi-line quoted scalar at its closing quote, wherever its lines
 * are indented; the `yaml` package stops at the first line indented no deeper than the key. For
 * each such scalar this returns a text of the same length in which the scalar is written on one
 * line (its value, double-quoted) and the rest of its span is blanked, line breaks kept. Offsets
 * and line numbers stay valid for the original text, so the editor still splices the original.
 * `parse` is the caller's parse, so the errors looked at are the ones of the real options.
 */
export function mendQuotedScalars(
  text: string,
  parse: (text: string) => Document.Parsed,
): { text: string; doc: Document.Parsed; mended: MendedScalar[] } {
  const mended: MendedScalar[] = [];
  let current = text;
  let doc = parse(current);
  // Each round mends the first broken scalar; the cap only guards against a mend that changes nothing.
  for (let round = 0; round < 1000; round++) {
    const error = doc.errors.find((e) => e.code === 'MISSING_CHAR' && MISSING_QUOTE.test(e.message));
    if (!error) break;
    const fix = mendAt(current, doc, error.pos[0]);
    if (!fix) break;
    mended.push(fix);
    current = current.slice(0, fix.start) + blankedSpan(current, fix) + current.slice(fix.end);
    doc = parse(current);
  }
  if (mended.length > 0) restoreRanges(doc, mended);
  return { text: current, doc, mended };
}

function mendAt(text: string, doc: Document, errorOffset: number): MendedScalar | undefined {
  let open: Scalar | undefined;
  visit(doc, {
    Scalar: (_key, node) => {
      const range = node.range;
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && range && range[0] <= errorOffset && errorOffset <= range[2]) {
        open = node;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  const start = open?.range?.[0];
  if (!open || start === undefined) return undefined;
  const type = open.type === 'QUOTE_SINGLE' ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE';
  const end = closingQuoteEnd(text, start, type);
  if (end === undefined) return undefined;
  // On its own, at the top of a document, any indentation is valid: the `yaml` package folds
  // the lines exactly as libyaml does.
  const alone = parseDocument(text.slice(start, end));
  const value: unknown = alone.contents && isScalar(alone.contents) ? alone.contents.value : undefined;
  if (alone.errors.length > 0 || typeof value !== 'string') return undefined;
  const fix = { start, end, type, value } as const;
  return renderDoubleQuoted(value).length <= end - start ? fix : undefined;
}

/** Offset after the quote that closes the scalar opened at `start`, or undefined if none does. */
function closingQuoteEnd(text: string, start: number, type: MendedScalar['type']): number | undefined {
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (type === 'QUOTE_DOUBLE') {
      if (ch === '\\') i++;
      else if (ch === '"') return i + 1;
    } else if (ch === "'") {
      if (text[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return undefined;
}

/** The scalar on one line, then spaces to the span's end, keeping its line breaks. */
function blankedSpan(text: string, fix: MendedScalar): string {
  const oneLine = renderDoubleQuoted(fix.value);
  const rest = text.slice(fix.start + oneLine.length, fix.end).replace(/[^\r\n]/g, ' ');
  return oneLine + rest;
}

/** The mended scalars cover their whole original span again, in their original quoting. */
function restoreRanges(doc: Document, mended: readonly MendedScalar[]): void {
  const byStart = new Map(mended.map((m) => [m.start, m]));
  visit(doc, {
    Scalar: (_key, node) => {
      const fix = node.range ? byStart.get(node.range[0]) : undefined;
      if (!fix || !node.range) return;
      node.range = [fix.start, fix.end, Math.max(node.range[2], fix.end)];
      node.type = fix.type;
    },
  });
}
