import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { categoryColumns, parseCsv } from '../enrich/parse-csv.js';

/* Categories are read from seeds of ordinary size; a larger file is a data load, not a domain. */
const MAX_SEED_BYTES = 4 * 1024 * 1024;

/**
 * The category-like columns of a seed's CSV (lower-cased header → distinct values), or why the
 * file was not read. The caller turns a problem into a diagnostic; the seed then offers no values.
 */
export function readSeedValues(projectDir: string, file: string): { columns?: Map<string, string[]>; problem?: string } {
  const full = path.join(projectDir, file);
  try {
    const size = statSync(full).size;
    if (size > MAX_SEED_BYTES) return { problem: `${size} bytes is over the ${MAX_SEED_BYTES}-byte limit for reading values` };
    return { columns: categoryColumns(parseCsv(readFileSync(full, 'utf8').replace(/^\uFEFF/, ''))) };
  } catch (err) {
    return { problem: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err) };
  }
}
