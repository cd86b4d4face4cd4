import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Header plus this many rows: enough to judge a column, small enough for every proposal. */
const SAMPLE_ROWS = 5;

/**
 * The first rows of a CSV (header first), with RFC 4180 quoting: `"a, b"` is one cell and `""`
 * a quote. Pure.
 */
export function parseCsvRows(text: string, maxRows: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < maxRows; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (rows.length < maxRows && (cell !== '' || row.length > 0)) rows.push([...row, cell]);
  return rows;
}

/**
 * The header and first rows of a seed's CSV, for the reviewer (docs/review.md: sample rows for
 * seeds). A seed file that cannot be read gives no sample (the proposal is still made); the
 * reason is returned for the run's warnings.
 */
export async function readSeedSample(projectDir: string, file: string): Promise<{ rows?: string[][]; warning?: string }> {
  const abs = path.join(projectDir, file);
  try {
    const text = await readFile(abs, 'utf8');
    return { rows: parseCsvRows(text.replace(/^\uFEFF/, ''), SAMPLE_ROWS + 1) };
  } catch (error) {
    return { warning: `${file}: no sample rows for the review page (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
}
