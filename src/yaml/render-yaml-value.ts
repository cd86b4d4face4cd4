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
  const head = `${' '.repeat(column)}${renderKey(key)}:`;
  if (isPlainObject(value) && entriesOf(value).length > 0) {
    const childColumn = column + layout.indentUnit;
    return [head, ...entriesOf(value).flatMap(([k, v]) => renderPairLines(k, v, childColumn, layout))];
  }
  if (Array.isArray(value) && value.length > 0) {
    const dashColumn = column + layout.seqIndent;
    return [head, ...value.flatMap((item) => renderItemLines(item, dashColumn, layout))];
  }
  return [`${head} ${renderInlineValue(value, column + layout.indentUnit, layout)}`];
}

/**
 * `- item` with the dash at `dashColumn`; a mapping item's keys line up `keyGap` columns after the
 * dash (2 for `- key`, matching whatever the sequence already uses).
 */
export function renderItemLines(value: unknown, dashColumn: number, layout: TextLayout, keyGap = 2): string[] {
  const dash = `${' '.repeat(dashColumn)}-`;
  const childColumn = dashColumn + keyGap;
  if (isPlainObject(value) && entriesOf(value).length > 0) {
    const lines = entriesOf(value).flatMap(([k, v]) => renderPairLines(k, v, childColumn, layout));
    const first = lines[0] ?? '';
    lines[0] = dash + ' '.repeat(keyGap - 1) + first.slice(childColumn);
    return lines;
  }
  if (Array.isArray(value) && value.length > 0) {
    return [dash, ...value.flatMap((item) => renderItemLines(item, childColumn, layout, keyGap))];
  }
  return [`${dash} ${renderInlineValue(value, dashColumn + layout.indentUnit, layout)}`];
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

/** Keys are plain when safe, else single- or double-quoted; never block scalars. */
export function renderKey(key: string, flow = false): string {
  if (isSafePlain(key, flow)) return key;
  return renderStringScalar(key, { flow: true, blockColumn: 0, eol: '\n', blockAllowed: false });
}

/** `2024-01-31` for a date (midnight UTC), else `2024-01-31T12:30:45.123Z`. */
function renderTimestamp(value: Date): string {
  const iso = value.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
