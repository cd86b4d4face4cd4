import { createHash } from 'node:crypto';
import { init, parse, type DialectName } from '@guanmingchiu/sqlparser-ts';

/** A parsed statement list as sqlparser-rs serializes it, or the parser's message. */
export type ParseOutcome = { ok: true; statements: unknown[] } | { ok: false; error: string };

/** Parses SQL once per (dialect, SQL hash) and run: models compiled from one macro often repeat. */
export interface SqlParser {
  parse(sql: string, dialect: string): ParseOutcome;
  /** Distinct SQL texts parsed (the cache's size). */
  readonly parsed: number;
}

/**
 * Loads the parser's WASM module (once per process) and returns a parser with an in-memory cache
 * keyed by the SQL's SHA-256. The cache lives for one run: a parse is cheap next to reading the
 * manifest, and an on-disk cache would have to be invalidated with the parser's version.
 */
export async function createSqlParser(): Promise<SqlParser> {
  await init();
  const cache = new Map<string, ParseOutcome>();
  return {
    parse(sql, dialect) {
      const key = `${dialect}:${createHash('sha256').update(sql).digest('hex')}`;
      const hit = cache.get(key);
      if (hit) return hit;
      let outcome: ParseOutcome;
      try {
        outcome = { ok: true, statements: parse(sql, dialect as DialectName) as unknown[] };
      } catch (err) {
        outcome = { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
      cache.set(key, outcome);
      return outcome;
    },
    get parsed() {
      return cache.size;
    },
  };
}
