import { createHash } from 'node:crypto';
import { init, parse, type DialectName } from '@guanmingchiu/sqlparser-ts';

/** A parsed statement list as sqlparser-rs serializes it, or the parser's message. */
export type ParseOutcome = { ok: true; statements: unknown[] } | { ok: false; error: string };

/** Parses SQL once per (dialect, SQL hash) and run: models compiled from one macro often repeat. */
export interface SqlParser {
  parse(sql: string, dialect: string): ParseOutcome;
  /** SQL texts parsed (cache misses). */
  readonly parsed: number;
}

/*
 * ASTs kept at once. Each model's lineage is memoized after one parse, so the cache only serves SQL
 * texts that repeat (models generated from one macro); keeping every AST of a 10,000-model
 * project would hold about 0.5 GB for nothing.
 */
const MAX_CACHED = 256;

/**
 * Loads the parser's WASM module (once per process) and returns a parser with an in-memory cache
 * keyed by the SQL's SHA-256, least recently used first out. The cache lives for one run: an
 * on-disk cache would have to be invalidated with the parser's version.
 */
export async function createSqlParser(): Promise<SqlParser> {
  await init();
  const cache = new Map<string, ParseOutcome>();
  let parsed = 0;
  return {
    parse(sql, dialect) {
      const key = `${dialect}:${createHash('sha256').update(sql).digest('hex')}`;
      const hit = cache.get(key);
      if (hit) {
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      let outcome: ParseOutcome;
      try {
        outcome = { ok: true, statements: parse(sql, dialect as DialectName) as unknown[] };
      } catch (err) {
        outcome = { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
      cache.set(key, outcome);
      parsed++;
      if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
      return outcome;
    },
    get parsed() {
      return parsed;
    },
  };
}
