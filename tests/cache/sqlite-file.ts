import KeyvSqlite from '@keyv/sqlite';

/**
 * Runs raw SQL against a cache file through a separate connection, as another process would.
 * The table name matches the cache's, so the adapter's CREATE TABLE IF NOT EXISTS is a no-op.
 */
export async function querySqliteFile<T = Record<string, unknown>>(path: string, sql: string): Promise<T[]> {
  const store = new KeyvSqlite({ uri: `sqlite://${path}`, table: 'llm_cache', busyTimeout: 5000 });
  try {
    return (await store.query(sql)) as T[];
  } finally {
    await store.disconnect();
  }
}
