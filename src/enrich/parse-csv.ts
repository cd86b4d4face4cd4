/**
 * A small RFC 4180 reader for seed files (quoted fields, doubled quotes, line breaks inside
 * quotes). Seeds are what dbt loads with its own CSV reader; this only needs their values.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
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
