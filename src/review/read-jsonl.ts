import { promises as fs } from 'node:fs';
import type { z } from 'zod';

export interface JsonlRead<T> {
  records: T[];
  diagnostics: { file: string; line: number; message: string }[];
}

/**
 * Reads a JSON-lines file; a missing file is empty. A line that is not JSON or not the expected
 * shape is reported with its number and skipped: one bad line never loses the others.
 */
export async function readJsonl<T>(file: string, label: string, schema: z.ZodType<T>): Promise<JsonlRead<T>> {
  const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return parseJsonl(text, label, schema);
}

export function parseJsonl<T>(text: string, label: string, schema: z.ZodType<T>): JsonlRead<T> {
  const out: JsonlRead<T> = { records: [], diagnostics: [] };
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      out.diagnostics.push({ file: label, line: index + 1, message: `not JSON (${(error as Error).message}); line skipped` });
      return;
    }
    const result = schema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at '${issue.path.join('.')}'` : '';
      out.diagnostics.push({ file: label, line: index + 1, message: `not a valid record${where}: ${issue?.message ?? 'unknown shape'}; line skipped` });
      return;
    }
    out.records.push(result.data);
  });
  return out;
}
