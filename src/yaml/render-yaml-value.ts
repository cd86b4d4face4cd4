import { isSafePlain, renderNonStringScalar, renderStringScalar, type ScalarStyle } from './render-yaml-scalar.js';
import type { TextLayout } from './text-layout.js';

/**
 * Renders new YAML nodes as text lines. Lines carry their full indentation; a caller inserting
 * mid-line drops the first line's. Plain objects are mappings (keys in insertion order, `undefined`
 * values skipped as in JSON), arrays are sequences, everything else a scalar.
 */

type Entries = [string, unknown][];

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function entriesOf(value: Record<string, unknown>): Entries {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

/** `key: value` at `column`, nested collections in block style below it. */
export function renderPairLines(key: string, value: unknown, column: number, layout: TextLayout): string[] {
  const out: string[] = [];
  pushPairLines(out, key, value, column, layout);
  return out;
}

/**
 * `- item` with the dash at `dashColumn`; a mapping item's keys line up `keyGap` columns after the
 * dash (2 for `- key`, matching whatever the sequence already uses).
 */
export function renderItemLines(value: unknown, dashColumn: number, layout: TextLayout, keyGap = 2): string[] {
  const out: string[] = [];
  pushItemLines(out, value, dashColumn, layout, keyGap);
  return out;
}

// The two below append to one array: a new file of 10,000 columns is built without an
// intermediate array per mapping and sequence.
function pushPairLines(out: string[], key: string, value: unknown, column: number, layout: TextLayout): void {
  const head = `${' '.repeat(column)}${renderKey(key)}:`;
  if (isPlainObject(value)) {
    const entries = entriesOf(value);
    if (entries.length > 0) {
      out.push(head);
      const childColumn = column + layout.indentUnit;
      for (const [k, v] of entries) pushPairLines(out, k, v, childColumn, layout);
      return;
    }
  }
  if (Array.isArray(value) && value.length > 0) {
    out.push(head);
    const dashColumn = column + layout.seqIndent;
    for (const item of value) pushItemLines(out, item, dashColumn, layout, 2);
    return;
  }
  out.push(`${head} ${renderInlineValue(value, column + layout.indentUnit, layout)}`);
}

function pushItemLines(out: string[], value: unknown, dashColumn: number, layout: TextLayout, keyGap: number): void {
  const dash = `${' '.repeat(dashColumn)}-`;
  const childColumn = dashColumn + keyGap;
  if (isPlainObject(value)) {
    const entries = entriesOf(value);
    if (entries.length > 0) {
      const first = out.length;
      for (const [k, v] of entries) pushPairLines(out, k, v, childColumn, layout);
      out[first] = dash + ' '.repeat(keyGap - 1) + (out[first] ?? '').slice(childColumn);
      return;
    }
  }
  if (Array.isArray(value) && value.length > 0) {
    out.push(dash);
    for (const item of value) pushItemLines(out, item, childColumn, layout, keyGap);
    return;
  }
  out.push(`${dash} ${renderInlineValue(value, dashColumn + layout.indentUnit, layout)}`);
}

/** A scalar or empty collection on the rest of a line; block scalar content goes at `blockColumn`. */
export function renderInlineValue(
  value: unknown,
  blockColumn: number,
  layout: TextLayout,
  options: { blockAllowed?: boolean; preferred?: ScalarStyle } = {},
): string {
  if (typeof value === 'string') {
    const ctx = { flow: false, blockColumn, eol: layout.eol, blockAllowed: (options.blockAllowed ?? true) && layout.blockScalars !== false };
    return renderStringScalar(value, ctx, options.preferred);
  }
  if (isPlainObject(value) || Array.isArray(value)) return renderFlowValue(value);
  return renderScalarValue(value);
}

/** The value in flow style (`{a: b, c: [d]}`), for flow parents and empty collections. */
export function renderFlowValue(value: unknown, preferred?: ScalarStyle): string {
  if (Array.isArray(value)) return `[${value.map((item) => renderFlowValue(item)).join(', ')}]`;
  if (isPlainObject(value)) {
    const pairs = entriesOf(value).map(([k, v]) => `${renderKey(k, true)}: ${renderFlowValue(v)}`);
    return `{${pairs.join(', ')}}`;
  }
  if (typeof value === 'string') {
    return renderStringScalar(value, { flow: true, blockColumn: 0, eol: '\n', blockAllowed: false }, preferred);
  }
  return renderScalarValue(value);
}

function renderScalarValue(value: unknown): string {
  // Unquoted, so dbt's PyYAML reads a date (or datetime) again, as it did where the value came from.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? renderFlowValue(String(value)) : renderTimestamp(value);
  if (
    value === null ||
    value === undefined ||
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'boolean'
  ) {
    return renderNonStringScalar(value);
  }
  throw new TypeError(`cannot write a ${typeof value} as YAML`);
}

// Block keys repeat on every entry and column (`name`, `description`, `data_type`...): each is
// rendered once. Bounded, as meta keys are the user's and could be many.
const BLOCK_KEYS = new Map<string, string>();
const BLOCK_KEYS_KEPT = 1000;

/** Keys are plain when safe, else single- or double-quoted; never block scalars. */
export function renderKey(key: string, flow = false): string {
  const known = flow ? undefined : BLOCK_KEYS.get(key);
  if (known !== undefined) return known;
  const rendered = isSafePlain(key, flow) ? key : renderStringScalar(key, { flow: true, blockColumn: 0, eol: '\n', blockAllowed: false });
  if (!flow && BLOCK_KEYS.size < BLOCK_KEYS_KEPT) BLOCK_KEYS.set(key, rendered);
  return rendered;
}

/** `2024-01-31` for a date (midnight UTC), else `2024-01-31T12:30:45.123Z`. */
function renderTimestamp(value: Date): string {
  const iso = value.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
