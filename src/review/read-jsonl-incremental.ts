import { promises as fs } from 'node:fs';
import type { z } from 'zod';
import { parseJsonl, type JsonlRead } from './read-jsonl.js';

/** What one store object has read of an append-only file: records up to `offset` (bytes). */
export interface JsonlCursor<T> {
  ino: number;
  offset: number;
  lines: number;
  read: JsonlRead<T>;
}

export function emptyCursor<T>(): JsonlCursor<T> {
  return { ino: -1, offset: 0, lines: 0, read: { records: [], diagnostics: [] } };
}

/**
 * Reads only what was appended since the cursor: the store files grow by whole lines, so a
 * long-lived reader (the review page's server) parses each line once. A file that was replaced
 * (compaction renames a new one in) or shrank is read again from the start. A last line without
 * its line break (a hand edit) is parsed every time and not kept, so it is never lost or doubled.
 */
export async function readJsonlSince<T>(file: string, label: string, schema: z.ZodType<T>, cursor: JsonlCursor<T>): Promise<JsonlRead<T>> {
  const stat = await fs.stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!stat) {
    Object.assign(cursor, emptyCursor<T>());
    return cursor.read;
  }
  if (stat.ino !== cursor.ino || stat.size < cursor.offset) Object.assign(cursor, emptyCursor<T>(), { ino: stat.ino });
  let tail: JsonlRead<T> = { records: [], diagnostics: [] };
  if (stat.size > cursor.offset) {
    const handle = await fs.open(file, 'r');
    let chunk: Buffer;
    try {
      chunk = Buffer.alloc(stat.size - cursor.offset);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, cursor.offset);
      chunk = chunk.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
    const end = chunk.lastIndexOf(0x0a) + 1;
    const whole = parseJsonl(chunk.subarray(0, end).toString('utf8'), label, schema);
    const lineCount = end === 0 ? 0 : chunk.subarray(0, end).toString('utf8').split('\n').length - 1;
    for (const d of whole.diagnostics) cursor.read.diagnostics.push({ ...d, line: d.line + cursor.lines });
    cursor.read.records.push(...whole.records);
    cursor.lines += lineCount;
    cursor.offset += end;
    if (end < chunk.length) {
      const partial = parseJsonl(chunk.subarray(end).toString('utf8'), label, schema);
      tail = { records: partial.records, diagnostics: partial.diagnostics.map((d) => ({ ...d, line: d.line + cursor.lines })) };
    }
  }
  return { records: [...cursor.read.records, ...tail.records], diagnostics: [...cursor.read.diagnostics, ...tail.diagnostics] };
}
