/**
 * The batch ledger: which provider batch holds which request, kept in the response cache database
 * beside the answers. A wave is recorded as an intent *before* its submit call, and its ids are
 * filled in as the provider hands them out, so a run killed at any instant leaves enough behind for
 * the next run to find what was submitted instead of paying for it twice.
 */

/** A wave of requests meant for one provider batch. */
export interface BatchWaveRecord {
  /** A stable hash of the wave's custom ids: the same requests make the same wave. */
  wave: string;
  provider: string;
  /** Requests in the wave. */
  size: number;
  /** ms since the epoch, written before the submit call: the provider created the batch after it. */
  intentAt: number;
  /** OpenAI: the uploaded input file, recorded before the batch is created from it. */
  fileId?: string;
  /** Recorded once the provider answered the submit, or a resumed run found the batch. */
  batchId?: string;
}

/** A recorded request: its id inside the batch and the wave it went up in. */
export interface BatchItemRecord {
  customId: string;
  wave: BatchWaveRecord;
}

/** A request of a wave about to be submitted, under its cache key. */
export interface BatchIntentItem {
  key: string;
  customId: string;
}

type Query = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => Promise<T[]>;

const WAVES = 'llm_batch_waves';
const REQUESTS = 'llm_batch_requests';

export const BATCH_LEDGER_TABLES: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ${WAVES}(wave TEXT PRIMARY KEY, provider TEXT NOT NULL, size INTEGER NOT NULL, intent_at INTEGER NOT NULL, file_id TEXT, batch_id TEXT)`,
  `CREATE TABLE IF NOT EXISTS ${REQUESTS}(key TEXT PRIMARY KEY, wave TEXT NOT NULL, custom_id TEXT NOT NULL)`,
];

export const CLEAR_BATCH_LEDGER: readonly string[] = [`DELETE FROM ${REQUESTS}`, `DELETE FROM ${WAVES}`];

interface Row {
  key: string;
  custom_id: string;
  wave: string;
  provider: string;
  size: number;
  intent_at: number;
  file_id: string | null;
  batch_id: string | null;
}

export async function findBatchItems(query: Query, keys: readonly string[]): Promise<Map<string, BatchItemRecord>> {
  const out = new Map<string, BatchItemRecord>();
  for (let i = 0; i < keys.length; i += 300) {
    const slice = keys.slice(i, i + 300);
    // An inner join: requests whose wave row was never written were never submitted.
    const rows = await query<Row>(
      `SELECT r.key, r.custom_id, w.wave, w.provider, w.size, w.intent_at, w.file_id, w.batch_id FROM ${REQUESTS} r JOIN ${WAVES} w ON w.wave = r.wave WHERE r.key IN (${slice.map(() => '?').join(', ')})`,
      ...slice,
    );
    for (const r of rows) {
      const wave: BatchWaveRecord = {
        wave: r.wave,
        provider: r.provider,
        size: r.size,
        intentAt: r.intent_at,
        ...(r.file_id === null ? {} : { fileId: r.file_id }),
        ...(r.batch_id === null ? {} : { batchId: r.batch_id }),
      };
      out.set(r.key, { customId: r.custom_id, wave });
    }
  }
  return out;
}

/**
 * Records a wave before it is submitted. The requests go first and the wave row last: a wave row
 * then never lacks its requests, so `forgetBatchItems` in another process sharing the file cannot
 * drop it in between. A wave recorded again (its earlier submit never reached the provider) keeps
 * its uploaded file, which is returned for the submit to reuse, and gets the new intent time.
 */
export async function recordBatchIntent(
  query: Query,
  wave: Omit<BatchWaveRecord, 'fileId' | 'batchId'>,
  items: readonly BatchIntentItem[],
): Promise<{ fileId?: string }> {
  for (let i = 0; i < items.length; i += 300) {
    const slice = items.slice(i, i + 300);
    await query(
      `INSERT OR REPLACE INTO ${REQUESTS}(key, wave, custom_id) VALUES ${slice.map(() => '(?, ?, ?)').join(', ')}`,
      ...slice.flatMap((r) => [r.key, wave.wave, r.customId]),
    );
  }
  const rows = await query<{ file_id: string | null }>(
    `INSERT INTO ${WAVES}(wave, provider, size, intent_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(wave) DO UPDATE SET provider = excluded.provider, size = excluded.size, intent_at = excluded.intent_at, batch_id = NULL
     RETURNING file_id`,
    wave.wave,
    wave.provider,
    wave.size,
    wave.intentAt,
  );
  const fileId = rows[0]?.file_id;
  return typeof fileId === 'string' ? { fileId } : {};
}

export async function recordBatchFile(query: Query, wave: string, fileId: string): Promise<void> {
  await query(`UPDATE ${WAVES} SET file_id = ? WHERE wave = ?`, fileId, wave);
}

export async function recordBatchId(query: Query, wave: string, batchId: string): Promise<void> {
  await query(`UPDATE ${WAVES} SET batch_id = ? WHERE wave = ?`, batchId, wave);
}

/** The batch ids recorded for a provider's waves. */
export async function listBatchIds(query: Query, provider: string): Promise<Set<string>> {
  const rows = await query<{ batch_id: string }>(`SELECT batch_id FROM ${WAVES} WHERE provider = ? AND batch_id IS NOT NULL`, provider);
  return new Set(rows.map((r) => r.batch_id));
}

/** Forgets requests whose batch answered (the answer is cached) or can no longer answer, and waves left empty. */
export async function forgetBatchItems(query: Query, keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 300) {
    const slice = keys.slice(i, i + 300);
    await query(`DELETE FROM ${REQUESTS} WHERE key IN (${slice.map(() => '?').join(', ')})`, ...slice);
  }
  await query(`DELETE FROM ${WAVES} WHERE NOT EXISTS (SELECT 1 FROM ${REQUESTS} r WHERE r.wave = ${WAVES}.wave)`);
}
