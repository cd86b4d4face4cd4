import { parseCsvRows } from '../review/seed-sample.js';

/** Every row of a CSV (RFC 4180 quoting), blank lines left out. */
export function parseCsv(text: string): string[][] {
  return parseCsvRows(text, Number.POSITIVE_INFINITY).filter((row) => row.some((field) => field !== ''));
}

/** Most distinct values a column may have to count as a category (an accepted_values domain). */
export const MAX_CATEGORY_VALUES = 12;

/**
 * Columns of a CSV whose values look like a category: at most MAX_CATEGORY_VALUES distinct
 * non-empty values, each seen more than once on average. Keyed by lower-cased header name.
 */
export function categoryColumns(rows: readonly string[][]): Map<string, string[]> {
  const [header, ...body] = rows;
  const out = new Map<string, string[]>();
  if (header === undefined || body.length === 0) return out;
  header.forEach((name, index) => {
    const distinct: string[] = [];
    let filled = 0;
    for (const row of body) {
      const value = row[index]?.trim() ?? '';
      if (value === '') continue;
      filled++;
      if (!distinct.includes(value)) distinct.push(value);
      if (distinct.length > MAX_CATEGORY_VALUES) return;
    }
    if (distinct.length > 0 && filled >= 2 * distinct.length) out.set(name.trim().toLowerCase(), distinct);
  });
  return out;
}
