import { setFlagsFromString } from 'node:v8';
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

/**
 * Whether osmosis-ts may run WebAssembly on V8's baseline compiler only (Liftoff): yes, unless the
 * process was started with a WebAssembly compiler flag of its own (`node --no-liftoff-only`,
 * `--wasm-tier-up`, ... on the command line or in NODE_OPTIONS), which is left as given.
 */
export function choosesBaselineWasmCompiler(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  return !given.some((flag) => /^--(no-)?(liftoff|wasm)/.test(flag));
}

let baselineSet = false;

/**
 * Sets V8's `--liftoff-only` for the process, before the parser's WASM module is compiled (the
 * worker thread's module is compiled after it too: V8's flags are the process's). V8 otherwise
 * recompiles the parser's hot functions with its optimizing compiler while they run, and here
 * that costs more than it ever gives back: 10,000 model queries parse in 0.9 s on Liftoff alone
 * against 1.25 to 1.5 s with tier-up, the first 1,000 in 0.16 s against 0.33 to 0.45 s, and a
 * first run at 1,000 models takes a third less time (docs/offline-speed.md, seventh pass). The
 * flag is the whole process's: WebAssembly a host program compiles afterwards runs on Liftoff too.
 */
function useBaselineWasmCompiler(): void {
  if (baselineSet) return;
  baselineSet = true;
  setFlagsFromString('--liftoff-only');
}

/**
 * Loads the parser's WASM module (once per process) and returns a parser with an in-memory cache
 * keyed by dialect and SQL text, least recently used first out. The cache lives for one run: an
 * on-disk cache would have to be invalidated with the parser's version.
 */
export async function createSqlParser(aheadOptions: ParseAheadOptions = {}): Promise<SqlParser> {
  if (choosesBaselineWasmCompiler(process.execArgv, process.env['NODE_OPTIONS'])) useBaselineWasmCompiler();
  await init();
  let ahead: ParseAhead | undefined;
  // Keyed by the SQL text itself (the manifest holds the texts anyway; hashing each text into a
  // digest cost more than the map's own string hash: 0.1 s at 10,000 models), with its dialect.
  const cache = new Map<string, { dialect: string; outcome: ParseOutcome }>();
  // Texts parsed once, with the dialect; a text seen again repeats, and its AST is then kept.
  const seen = new Map<string, string>();
  let parsed = 0;
  return {
    parse(sql, dialect) {
      const hit = cache.get(sql);
      if (hit?.dialect === dialect) {
        // Least recently used first out: a hit moves to the end.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit.outcome;
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
      if (seen.get(sql) !== dialect) {
        seen.set(sql, dialect);
        return outcome;
      }
      cache.set(sql, { dialect, outcome });
      if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
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
