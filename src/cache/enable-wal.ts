import type KeyvSqlite from '@keyv/sqlite';

/**
 * Switches to WAL (readers never block the writer; the mode is stored in the file). Changing the
 * journal mode needs a moment of exclusive access, which can be refused with SQLITE_BUSY while
 * another process opens the same new file, so it is retried for about the busy timeout.
 */
export async function enableWal(store: Pick<KeyvSqlite, 'query'>, busyTimeoutMs: number): Promise<void> {
  const deadline = Date.now() + busyTimeoutMs;
  for (;;) {
    try {
      const rows = (await store.query('PRAGMA journal_mode=WAL')) as Array<{
        journal_mode?: string;
      }>;
      const mode = rows[0]?.journal_mode;
      if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, WAL is not available`);
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
    }
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
