import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Appends JSON lines with ONE write on a file opened O_APPEND: the kernel places each write at
 * the end as a whole, so two processes appending at once never interleave or overwrite lines.
 */
export async function appendJsonLines(file: string, records: readonly unknown[]): Promise<void> {
  if (records.length === 0) return;
  await fs.mkdir(path.dirname(file), { recursive: true });
  const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const handle = await fs.open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o666);
  try {
    await handle.write(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
