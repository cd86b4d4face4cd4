import { init, parse, type DialectName } from '@guanmingchiu/sqlparser-ts';
import { startParseAhead, type ParseAhead, type ParseAheadOptions } from './parse-ahead.js';

/** A parsed statement list as sqlparser-rs serializes it, or the parser's message. */
export type ParseOutcome = { ok: true; statements: unknown[] } | { ok: false; error: string };

/** Parses SQL once per (dialect, SQL hash) and run: models compiled from one macro often repeat. */
export interface SqlParser {
  parse(sql: string, dialect: string): ParseOutcome;
  /** SQL texts parsed (cache misses), here or ahead by the worker. */
  readonly parsed: number;
  /**
   * The texts the run will ask for, in that order: parsed ahead on a worker thread when there are
   * enough of them and a second core (parse-ahead.ts).
   */
  expect(texts: readonly string[], dialect: string): void;
  /** Ends parsing ahead; returns why it stopped early, if it did (the main thread parsed the rest). */
  close(): string | undefined;
}

/*
 * ASTs kept at once. Each model's lineage is memoized after one parse, so the cache only serves SQL
 * texts that repeat (models generated from one macro): an AST is kept from a text's second parse
 * on, never at its first. Keeping every AST would hold about 0.5 GB at 10,000 models, and even a
 * short list of first parses makes each AST outlive the young generation: copied, promoted and
 * collected again (a third of the garbage collector's time at 3,000 models).
 */
const MAX_CACHED = 256;

/** Drops the least recently used AST (the first of the first dialect's map that has one). */
function evictOldest(cache: Map<string, Map<string, ParseOutcome>>): void {
  for (const byText of cache.values()) {
    const oldest = byText.keys().next();
    if (oldest.done !== true) {
      byText.delete(oldest.value);
      return;
    }
  }
}

/**
 * Loads the parser's WASM module (once per process) and returns a parser with an in-memory cache
 * keyed by dialect and SQL text, least recently used first out. The cache lives for one run: an
 * on-disk cache would have to be invalidated with the parser's version.
 */
export async function createSqlParser(aheadOptions: ParseAheadOptions = {}): Promise<SqlParser> {
  await init();
  let ahead: ParseAhead | undefined;
  // By dialect, then by the SQL text itself: the manifest holds the texts anyway, and hashing a
  // text into a digest cost more than the map's own string hash (0.1 s at 10,000 models).
  const cache = new Map<string, Map<string, ParseOutcome>>();
  // Texts parsed once; a text seen again repeats, and its AST is then kept.
  const seen = new Map<string, Set<string>>();
  let cachedCount = 0;
  let parsed = 0;
  return {
    parse(sql, dialect) {
      let byText = cache.get(dialect);
      if (byText === undefined) cache.set(dialect, (byText = new Map()));
      const hit = byText.get(sql);
      if (hit) {
        // Least recently used first out: a hit moves to the end.
        byText.delete(sql);
        byText.set(sql, hit);
        return hit;
      }
      let outcome = ahead?.take(sql, dialect);
      if (!outcome) {
        try {
          outcome = { ok: true, statements: parse(sql, dialect as DialectName) as unknown[] };
        } catch (err) {
          outcome = { ok: false, error: err instanceof Error ? err.message : String(err) };
        }
      }
      parsed++;
      let seenTexts = seen.get(dialect);
      if (seenTexts === undefined) seen.set(dialect, (seenTexts = new Set()));
      if (!seenTexts.has(sql)) {
        seenTexts.add(sql);
        return outcome;
      }
      byText.set(sql, outcome);
      cachedCount++;
      if (cachedCount > MAX_CACHED) {
        evictOldest(cache);
        cachedCount--;
      }
      return outcome;
    },
    get parsed() {
      return parsed;
    },
    expect(texts, dialect) {
      ahead?.close();
      ahead = startParseAhead(texts, dialect, aheadOptions);
    },
    close() {
      const failure = ahead?.close();
      ahead = undefined;
      return failure;
    },
  };
}
