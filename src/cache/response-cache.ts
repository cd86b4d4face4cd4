import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { z } from 'zod';
import { CacheError } from './cache-error.js';
import { createPrivateFile, diskBytes } from './cache-files.js';
import { enableWal } from './enable-wal.js';
import * as ledger from './batch-ledger-store.js';
import type { BatchIntentItem, BatchItemRecord, BatchWaveRecord } from './batch-ledger-store.js';

/** Keys live under this prefix; a new stored shape gets a new namespace instead of a migration. */
export const CACHE_NAMESPACE = 'osmosis-ts-llm-v1';
const TABLE = 'llm_cache';
const COUNTERS_TABLE = 'llm_cache_counters';
const TOKEN_COUNTS_TABLE = 'llm_token_counts';
/** How long a connection waits for another process's write lock before giving up. */
const BUSY_TIMEOUT_MS = 5000;
// Keys are `${namespace}:${key}`; ';' is the character after ':', so this range is exactly the
// namespace and can use the primary-key index (LIKE would scan and is case-insensitive).
const KEY_RANGE = `key >= '${CACHE_NAMESPACE}:' AND key < '${CACHE_NAMESPACE};'`;

/** One validated answer, as stored. Errors and invalid answers are never stored. */
export interface CachedResponse {
  text: string;
  object?: unknown;
  usage: { inputTokens: number; outputTokens: number };
  model: string;
  provider: string;
  /** ms since the epoch; `prune` drops entries by it. */
  createdAt: number;
}

export interface CacheStats {
  entries: number;
  /** Database file plus its -wal and -shm files, as they are on disk now. */
  bytes: number;
  /** Cache hits counted over the life of the file (reset by `clear`). */
  hits: number;
}

const cachedResponseSchema = z.object({
  text: z.string(),
  object: z.unknown().optional(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }),
  model: z.string(),
  provider: z.string(),
  createdAt: z.number(),
});

/**
 * Opens (creating if needed) the SQLite response cache at `path`. The file is created with mode
 * 0600 before SQLite touches it (SQLite gives its -wal/-shm files the same mode), an existing file
 * readable by others is tightened to 0600, and the database runs in WAL mode with a busy timeout
 * so several processes can share one file.
 */
export async function openResponseCache(path: string): Promise<ResponseCache> {
  const fail = (what: string, cause: unknown): CacheError =>
    new CacheError(
      'cache-open-failed',
      `Cannot open the LLM response cache at ${path}: ${what}: ${describe(cause)}. ` +
        'Pass --llm-cache-path FILE to use another file, or --no-llm-cache to run without it.',
      { file: path, cause },
    );
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await createPrivateFile(path);
  } catch (error) {
    throw fail('could not create the file', error);
  }
  const store = new KeyvSqlite({
    uri: `sqlite://${path}`,
    table: TABLE,
    busyTimeout: BUSY_TIMEOUT_MS,
  });
  // The adapter re-emits connection errors; the awaited queries below report them.
  store.on('error', () => {});
  try {
    await enableWal(store, BUSY_TIMEOUT_MS);
    await store.query(
      `CREATE TABLE IF NOT EXISTS ${COUNTERS_TABLE}(name TEXT PRIMARY KEY, value INTEGER NOT NULL)`,
    );
    await store.query(
      `CREATE TABLE IF NOT EXISTS ${TOKEN_COUNTS_TABLE}(encoding TEXT NOT NULL, digest TEXT NOT NULL, tokens INTEGER NOT NULL, PRIMARY KEY(encoding, digest))`,
    );
    for (const sql of ledger.BATCH_LEDGER_TABLES) await store.query(sql);
  } catch (error) {
    await store.disconnect().catch(() => {});
    throw fail('SQLite refused it', error);
  }
  const keyv = new Keyv<unknown>(store, {
    namespace: CACHE_NAMESPACE,
    // Plain JSON, so `prune` can read createdAt with SQLite's json_extract. A row that does not
    // parse is a miss (and `prune` drops it), never an error in the middle of a run.
    serialize: (data) => JSON.stringify(data),
    deserialize: <Value>(data: string) =>
      parseJsonOrUndefined<{ value?: Value; expires?: number }>(data),
    throwOnErrors: true,
  });
  keyv.on('error', () => {});
  return new ResponseCache(path, keyv, store);
}

/** The response cache: one SQLite file, shared safely by concurrent runs. */
export class ResponseCache {
  private closed = false;
  private unflushedHits = 0;
  private pending: { key: string; resolve(value: unknown): void; reject(error: unknown): void }[] = [];

  /** Use `openResponseCache`, which prepares the file and the connection. */
  constructor(
    readonly path: string,
    private readonly keyv: Keyv<unknown>,
    private readonly store: KeyvSqlite,
  ) {}

  /** The stored answer, or undefined. A row this version cannot read counts as a miss. */
  async get(key: string): Promise<CachedResponse | undefined> {
    const found = await this.peek(key);
    if (found !== undefined) this.countHit();
    return found;
  }

  /** Like `get` without counting a hit: for the dry run, which only asks whether one would hit. */
  async peek(key: string): Promise<CachedResponse | undefined> {
    this.assertOpen();
    const raw = await this.lookUp(key);
    if (raw === undefined) return undefined;
    const parsed = cachedResponseSchema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  }

  /**
   * Look-ups asked for in the same turn of the event loop go to SQLite as one query: SQLite runs
   * one statement at a time per connection, and a run asks for a node's answers all at once.
   */
  private lookUp(key: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      if (this.pending.length > 1) return;
      setImmediate(() => {
        const batch = this.pending.splice(0);
        this.keyv
          .getMany(batch.map((b) => b.key))
          .then((values) => batch.forEach((b, i) => b.resolve(values[i])))
          .catch((error: unknown) => batch.forEach((b) => b.reject(error)));
      });
    });
  }

  /**
   * Stores a validated answer. When the promise resolves the row is committed (WAL, synchronous
   * FULL), so a process killed right after loses nothing.
   */
  async set(key: string, value: CachedResponse): Promise<void> {
    this.assertOpen();
    let stored: boolean;
    try {
      stored = await this.keyv.set(key, value);
    } catch (error) {
      throw this.writeFailed(error);
    }
    if (!stored) throw this.writeFailed(new Error('the store reported no write'));
  }

  async stats(): Promise<CacheStats> {
    this.assertOpen();
    await this.flushHits();
    const [entryRows, hitRows, bytes] = await Promise.all([
      this.rows<{ n: number }>(`SELECT count(*) AS n FROM ${TABLE} WHERE ${KEY_RANGE}`),
      this.rows<{ value: number }>(`SELECT value FROM ${COUNTERS_TABLE} WHERE name = 'hits'`),
      diskBytes(this.path),
    ]);
    return { entries: entryRows[0]?.n ?? 0, bytes, hits: hitRows[0]?.value ?? 0 };
  }

  /** Drops every entry and the hit count; returns how many entries were dropped. */
  async clear(): Promise<number> {
    this.assertOpen();
    this.unflushedHits = 0;
    const dropped = await this.rows(`DELETE FROM ${TABLE} WHERE ${KEY_RANGE} RETURNING key`);
    await this.rows(`DELETE FROM ${COUNTERS_TABLE}`);
    await this.rows(`DELETE FROM ${TOKEN_COUNTS_TABLE}`);
    for (const sql of ledger.CLEAR_BATCH_LEDGER) await this.rows(sql);
    // Give the space back. Best effort: another process using the file makes VACUUM wait and
    // fail, and the entries are gone either way.
    await this.rows('VACUUM').catch(() => {});
    await this.rows('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => {});
    return dropped.length;
  }

  /**
   * Drops entries created more than `maxAgeMs` ago, entries past a keyv expiry, and rows that
   * are not valid JSON. Returns how many were dropped.
   */
  async prune(maxAgeMs: number, now: number = Date.now()): Promise<number> {
    this.assertOpen();
    if (!Number.isFinite(maxAgeMs) || maxAgeMs < 0) {
      throw new RangeError(`prune: maxAgeMs must be a finite number >= 0, got ${maxAgeMs}`);
    }
    const dropped = await this.rows(
      `DELETE FROM ${TABLE} WHERE ${KEY_RANGE} AND CASE WHEN json_valid(value) THEN
         coalesce(json_extract(value, '$.value.createdAt'), 0) < ?
         OR coalesce(json_extract(value, '$.expires'), ?) < ?
       ELSE 1 END RETURNING key`,
      now - maxAgeMs,
      Number.MAX_SAFE_INTEGER,
      now,
    );
    return dropped.length;
  }

  /**
   * Token counts of prompt parts (sha256 of the text → tokens) under an encoding. Prompts are cut
   * to token limits before their cache key exists, so a run that finds every answer here would
   * otherwise load a tokenizer (the slowest part of a cached run) only to rebuild the same cuts.
   */
  async loadTokenCounts(encoding: string): Promise<Map<string, number>> {
    this.assertOpen();
    const rows = await this.rows<{ digest: string; tokens: number }>(
      `SELECT digest, tokens FROM ${TOKEN_COUNTS_TABLE} WHERE encoding = ?`,
      encoding,
    );
    return new Map(rows.map((r) => [r.digest, r.tokens]));
  }

  /** Adds token counts; best effort (a lost count is only counted again). */
  async saveTokenCounts(encoding: string, counts: ReadonlyMap<string, number>): Promise<void> {
    this.assertOpen();
    const entries = [...counts];
    for (let i = 0; i < entries.length; i += 300) {
      const batch = entries.slice(i, i + 300);
      await this.rows(
        `INSERT OR IGNORE INTO ${TOKEN_COUNTS_TABLE}(encoding, digest, tokens) VALUES ${batch.map(() => '(?, ?, ?)').join(', ')}`,
        ...batch.flatMap(([digest, tokens]) => [encoding, digest, tokens]),
      ).catch(() => {});
    }
  }

  /**
   * Batch ids live beside the answers: a run killed or timed out after submitting finds its
   * requests here on the next invocation and collects them instead of paying for them twice.
   */
  async findBatchItems(keys: readonly string[]): Promise<Map<string, BatchItemRecord>> {
    this.assertOpen();
    return ledger.findBatchItems(this.query, keys);
  }

  /** Records a wave before its submit call; committed when the promise resolves. */
  async recordBatchIntent(wave: Omit<BatchWaveRecord, 'fileId' | 'batchId'>, items: readonly BatchIntentItem[]): Promise<{ fileId?: string }> {
    this.assertOpen();
    return ledger.recordBatchIntent(this.query, wave, items).catch((error: unknown) => {
      throw this.writeFailed(error);
    });
  }

  async recordBatchFile(wave: string, fileId: string): Promise<void> {
    this.assertOpen();
    await ledger.recordBatchFile(this.query, wave, fileId).catch((error: unknown) => {
      throw this.writeFailed(error);
    });
  }

  async recordBatchId(wave: string, batchId: string): Promise<void> {
    this.assertOpen();
    await ledger.recordBatchId(this.query, wave, batchId).catch((error: unknown) => {
      throw this.writeFailed(error);
    });
  }

  async listBatchIds(provider: string): Promise<Set<string>> {
    this.assertOpen();
    return ledger.listBatchIds(this.query, provider);
  }

  async forgetBatchItems(keys: readonly string[]): Promise<void> {
    this.assertOpen();
    await ledger.forgetBatchItems(this.query, keys);
  }

  private readonly query = <T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]> => this.rows<T>(sql, ...params);

  /** Writes the pending hit count and closes the connection. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushHits();
    await this.keyv.disconnect();
  }

  /**
   * Hits are counted in memory and written once, when the cache closes (or `stats` asks): every
   * write is a durable commit, and a fully cached run should not pay one per hit. Counting is
   * best effort: it never fails a `get`, and a killed run's hits are simply not counted.
   */
  private countHit(): void {
    this.unflushedHits += 1;
  }

  private async flushHits(): Promise<void> {
    const n = this.unflushedHits;
    if (n === 0) return;
    this.unflushedHits = 0;
    await this.rows(
      `INSERT INTO ${COUNTERS_TABLE}(name, value) VALUES ('hits', ?)
       ON CONFLICT(name) DO UPDATE SET value = value + excluded.value`,
      n,
    ).catch(() => {});
  }

  private async rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]> {
    return (await this.store.query(sql, ...params)) as T[];
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new CacheError('cache-closed', `The LLM response cache at ${this.path} is closed.`, {
        file: this.path,
      });
    }
  }

  private writeFailed(cause: unknown): CacheError {
    return new CacheError(
      'cache-write-failed',
      `Could not store an answer in the LLM response cache at ${this.path}: ${describe(cause)}. ` +
        'Check that the disk is not full and the file is writable, or run with --no-llm-cache.',
      { file: this.path, cause },
    );
  }
}

function parseJsonOrUndefined<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
