import type { CatalogColumn } from './types.js';

/*
 * The common case of read-catalog.ts's table and column schemas, checked by hand. zod copied
 * every column object of the catalog (180,000 on a 10,000-model project) before we copied it
 * again into a CatalogColumn. This reads a table whose every field has a shape the schemas accept
 * and returns the columns the zod path gives for it; for anything else it returns undefined and
 * the caller asks zod, which gives the same columns or the error message. So it can only be
 * narrower than the schemas, never wider (tests/project/manifest/read-catalog-table.test.ts
 * compares both).
 */

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nullishString(value: unknown): value is string | null | undefined {
  return value == null || typeof value === 'string';
}

/** The columns of a catalog table from JSON, or undefined when zod has to decide. */
export function readCatalogTable(value: unknown): CatalogColumn[] | undefined {
  if (!isRecord(value)) return undefined;
  const raw = value['columns'];
  if (raw == null) return [];
  if (!isRecord(raw)) return undefined;
  const columns: CatalogColumn[] = [];
  let sorted = true;
  for (const key of Object.keys(raw)) {
    // zod's record drops a `__proto__` key (JSON.parse makes it an own property): its call.
    if (key === '__proto__') return undefined;
    const c = raw[key];
    if (!isRecord(c)) return undefined;
    const { name, type, index, comment } = c;
    if (typeof name !== 'string' || !nullishString(type) || !nullishString(comment)) return undefined;
    if (index != null && !(typeof index === 'number' && Number.isFinite(index))) return undefined;
    const column: CatalogColumn = { name, type: type ?? '', index: index ?? columns.length + 1 };
    if (comment) column.comment = comment;
    const previous = columns.at(-1);
    if (previous && previous.index > column.index) sorted = false;
    columns.push(column);
  }
  // Catalogs list columns in index order: sorting is the rare case.
  if (!sorted) columns.sort((a, b) => a.index - b.index);
  return columns;
}
