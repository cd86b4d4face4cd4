/**
 * Sample rows for a prompt: read from a sample command's output (JSON as `dbt show --output json`
 * prints it, a JSON list of rows, or CSV) or from a seed's CSV lines, with the values of columns
 * already classified as PII replaced by `***` before anything reaches a prompt.
 */
import { parseCsv } from './parse-csv.js';

export const MASK = '***';

export interface SampleTable {
  columns: string[];
  rows: string[][];
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function fromRecords(records: unknown[]): SampleTable | undefined {
  const objects = records.filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object' && !Array.isArray(r));
  if (objects.length === 0 || objects.length !== records.length) return undefined;
  const columns = [...new Set(objects.flatMap((o) => Object.keys(o)))];
  return { columns, rows: objects.map((o) => columns.map((c) => cell(o[c]))) };
}

function rowsOf(value: unknown): SampleTable | undefined {
  if (Array.isArray(value)) return fromRecords(value);
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const list = record['show'] ?? record['rows'] ?? record['data'];
  return Array.isArray(list) ? fromRecords(list) : undefined;
}

/**
 * Rows from a command's output: JSON (a list of rows, or `{"show": [...]}` as `dbt show --output
 * json` prints after its log lines, so parsing starts at each line that opens a JSON value), else
 * CSV with a header.
 */
export function parseSampleOutput(text: string): SampleTable | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const lines = trimmed.split('\n');
  let sawJson = false;
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*[[{]/.test(lines[i] ?? '')) continue;
    sawJson = true;
    try {
      const table = rowsOf(JSON.parse(lines.slice(i).join('\n')) as unknown);
      if (table !== undefined) return table;
    } catch {
      // Not JSON from this line on: try the next line that opens one.
    }
  }
  if (sawJson) return undefined;
  const [header, ...rows] = parseCsv(trimmed);
  return header === undefined ? undefined : { columns: header, rows };
}

/** `table` cut to `limit` rows, PII columns masked (matched ignoring case). */
export function maskSample(table: SampleTable, piiColumns: ReadonlySet<string>, limit: number): SampleTable {
  const masked = table.columns.map((c) => piiColumns.has(c.trim().toLowerCase()));
  return {
    columns: table.columns,
    rows: table.rows.slice(0, limit).map((row) => row.map((value, i) => (masked[i] && value !== '' ? MASK : value))),
  };
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The table as CSV lines (header first). */
export function sampleLines(table: SampleTable): string[] {
  return [table.columns, ...table.rows].map((row) => row.map(csvField).join(','));
}

/** Seed CSV lines with PII columns masked (a quoted line break may join two lines into one row). */
export function maskCsvLines(lines: readonly string[], piiColumns: ReadonlySet<string>): string[] {
  if (piiColumns.size === 0 || lines.length === 0) return [...lines];
  const [header, ...rows] = parseCsv(lines.join('\n'));
  // Rewritten only when it has a PII column, so other seeds keep their lines exactly as written.
  if (header === undefined || !header.some((c) => piiColumns.has(c.trim().toLowerCase()))) return [...lines];
  return sampleLines(maskSample({ columns: header, rows }, piiColumns, rows.length));
}
