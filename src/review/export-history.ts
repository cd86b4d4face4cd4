import type { AuditRecord, Proposal } from './types.js';

const CSV_COLUMNS = ['at', 'actor', 'action', 'id', 'node', 'field', 'before', 'after', 'note'] as const;

function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // Cells a spreadsheet would run as a formula are prefixed with a quote (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The full audit trail as CSV, one row per action, oldest first. */
export function auditToCsv(audit: readonly AuditRecord[]): string {
  const rows = audit.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(','));
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/** The full history as JSON: every proposal in its current state with its trail. */
export function historyToJson(proposals: readonly Proposal[]): string {
  return `${JSON.stringify({ proposals }, null, 2)}\n`;
}
