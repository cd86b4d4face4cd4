/** How a string scalar is written. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

/** Where a scalar is written: block scalars need the block context, the file's line ending and an indentation. */
export interface ScalarContext {
  /** Inside `[...]` / `{...}`: no block scalars, and `,[]{}` end a plain scalar. */
  flow: boolean;
  /** Column of block scalar content lines (deeper than the key or `-` that owns the value). */
  blockColumn: number;
  eol: string;
  /** False when something follows the value on its line (a comment), so a block scalar cannot start there. */
  blockAllowed: boolean;
}

// Characters a plain scalar may not start with (conservatively: YAML allows some of them before a non-space).
const PLAIN_FIRST_FORBIDDEN = new Set([...'-?:,[]{}#&*!|>\'"%@`']);
// Words and numbers a YAML 1.1 or 1.2 reader (dbt uses PyYAML) would not read as a string.
const NON_STRING_WORDS = /^(?:~|null|true|false|yes|no|on|off|y|n|=|<<)$/i;
const NUMBER_LIKE =
  /^(?:[-+]?(?:[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const TIMESTAMP_LIKE = /^\d{4}-\d{1,2}-\d{1,2}(?:$|[Tt ])/;
// C0 controls except tab and line feed, DEL, C1 controls, line/paragraph separators, BOM, non-characters.
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;

/** True when `text` can be written unquoted and reads back as the same string. */
export function isSafePlain(text: string, flow: boolean): boolean {
  if (text === '' || /^\s|\s$/.test(text) || /[\n\t]/.test(text) || UNPRINTABLE.test(text)) return false;
  if (PLAIN_FIRST_FORBIDDEN.has(text[0] ?? '')) return false;
  if (text.includes(': ') || text.includes(' #') || text.endsWith(':')) return false;
  // In flow context PyYAML ends a plain scalar at `?` (and older releases refuse a `:` there).
  if (flow && /[,[\]{}?:]/.test(text)) return false;
  return !NON_STRING_WORDS.test(text) && !NUMBER_LIKE.test(text) && !TIMESTAMP_LIKE.test(text);
}

/** Whether `style` can hold `text` exactly in `ctx`. */
export function canHold(style: ScalarStyle, text: string, ctx: ScalarContext): boolean {
  switch (style) {
    case 'plain':
      return isSafePlain(text, ctx.flow);
    case 'single':
      return !text.includes('\n') && !UNPRINTABLE.test(text);
    case 'double':
      return true;
    case 'literal':
      return canBeBlock(text, ctx);
    case 'folded':
      // Folding would join or re-split lines that start or end with whitespace; keep to plain prose.
      return canBeBlock(text, ctx) && !/(^|\n)[ \t]|[ \t](\n|$)/.test(text);
  }
}

function canBeBlock(text: string, ctx: ScalarContext): boolean {
  if (ctx.flow || !ctx.blockAllowed || UNPRINTABLE.test(text) || text.includes('\r')) return false;
  // A first line that is empty or indented would need an indentation indicator; trailing empty
  // lines would need `|+`, which also swallows the blank lines that follow in the file.
  return /^[^\s]/.test(text) && !text.endsWith('\n\n');
}

const FALLBACK_ORDER: readonly ScalarStyle[] = ['plain', 'single', 'literal', 'double'];

/**
 * Writes `text` as a scalar: in `preferred` style when it can hold the text (an edited value keeps
 * its look), else plain if safe, else single-quoted if one line, else a literal block, else
 * double-quoted. Block scalars come back as `|-` + eol + indented lines, without a final line break.
 */
export function renderStringScalar(text: string, ctx: ScalarContext, preferred?: ScalarStyle): string {
  const style = preferred !== undefined && canHold(preferred, text, ctx) ? preferred : FALLBACK_ORDER.find((s) => canHold(s, text, ctx));
  switch (style) {
    case 'plain':
      return text;
    case 'single':
      return `'${text.replaceAll("'", "''")}'`;
    case 'literal':
    case 'folded':
      return renderBlockScalar(text, style, ctx);
    default:
      return renderDoubleQuoted(text);
  }
}

function renderBlockScalar(text: string, style: 'literal' | 'folded', ctx: ScalarContext): string {
  const clip = text.endsWith('\n');
  let body = clip ? text.slice(0, -1) : text;
  // In folded style one line break reads as a space, so each run of n breaks is written as n + 1.
  if (style === 'folded') body = body.replace(/\n+/g, (run) => `${run}\n`);
  const pad = ' '.repeat(ctx.blockColumn);
  const lines = body.split('\n').map((line) => (line === '' ? '' : pad + line));
  const header = (style === 'literal' ? '|' : '>') + (clip ? '' : '-');
  return [header, ...lines].join(ctx.eol);
}

const ESCAPES: Record<string, string> = {
  '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\0': '\\0',
  '\u0085': '\\N', '\u2028': '\\L', '\u2029': '\\P',
};

/** Double-quoted with escapes only where needed; other non-ASCII text stays as written. */
export function renderDoubleQuoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const escape = ESCAPES[ch];
    if (escape !== undefined) out += escape;
    else if (UNPRINTABLE.test(ch)) out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Numbers, booleans and null as YAML writes them. */
export function renderNonStringScalar(value: number | bigint | boolean | null | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  }
  return String(value);
}
