import path from 'node:path';
import type { FileSystemPort } from '../ports.js';
import type { SeedSample } from '../synthesis/types.js';

/** Rows after the header a seed prompt carries by default (`--llm-sample-rows`). */
export const SEED_SAMPLE_ROWS = 5;

/* A seed can be megabytes; the header and a few rows sit in its first bytes. */
const READ_LIMIT = 64 * 1024;

/**
 * The header and first rows of a seed's CSV file, or why it could not be read (the caller warns;
 * the prompt then says there is no SQL, as for any node without one). Lines are cut at line breaks
 * only: a quoted field with a line break inside shows as two lines, which a reader still follows.
 */
export function readSeedSample(fs: FileSystemPort, projectDir: string, file: string, rows = SEED_SAMPLE_ROWS): { sample?: SeedSample; problem?: string } {
  try {
    const start = fs.readStart(path.join(projectDir, file), READ_LIMIT);
    const lines = start.text.replace(/^\uFEFF/, '').split(/\r?\n/);
    // The last line of a partial read may be cut mid-row: keep it only when the file ended there.
    if (!start.complete) lines.pop();
    const kept = lines.filter((line) => line.trim() !== '').slice(0, rows + 1);
    return kept.length === 0 ? { problem: 'the file is empty' } : { sample: { file, lines: kept } };
  } catch (err) {
    return { problem: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err) };
  }
}
