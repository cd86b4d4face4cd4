import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { ParseOutcome } from './parse-sql.js';

/**
 * SQL texts parsed by a worker thread ahead of the run, in the order the run will ask for them
 * (parents first), so parsing (half of a first run's time at 10,000 models) uses the second core
 * while the main thread resolves lineage and inherits. Each text is parsed by one side only: the
 * side that claims it first (a compare-and-swap on shared memory). The main thread takes a
 * worker's result synchronously (`receiveMessageOnPort`, waiting on `Atomics.wait` when it is
 * not there yet); a text the worker has not claimed the main thread parses itself. So the worker
 * changes when a text is parsed, never what lineage comes out: a worker that fails or stalls
 * leaves the rest to the main thread, and says why.
 */
export interface ParseAhead {
  /** The worker's outcome for `sql`; undefined when the caller is to parse it. */
  take(sql: string, dialect: string): ParseOutcome | undefined;
  /** Stops the worker; returns why it stopped early, if it did. */
  close(): string | undefined;
  /** Texts the worker parsed whose outcome the main thread took. */
  readonly taken: number;
  /** Texts the worker has passed (parsed or left to the main thread). */
  readonly produced: number;
  /** The worker stopped on an error (its message comes with `close()`). */
  readonly failed: boolean;
}

/** Below this many texts a worker's start (about 0.1 s, the WASM module compiled again) costs more than it saves. */
export const PARSE_AHEAD_MIN_TEXTS = 200;
/**
 * Texts the worker may parse beyond the last one asked for: bounds the memory results wait in
 * (as JSON, 1 to 4 KB a model), and lets a worker started with the manifest get well ahead while
 * the catalog and the YAML are read.
 */
const WINDOW = 4000;
/** Results kept that were received while waiting for a later one (asked out of order). */
const KEEP = 1000;
/**
 * When the main thread asks for a text this close behind the one the worker is to parse next, the
 * worker skips this many texts ahead of the asked one (the main thread parses those itself).
 */
const CAUGHT_UP = 2;
const LEAD = 64;
/** The worker thread's nice value: the lowest priority (19), where the system lets it be set. */
const WORKER_NICE = 19;
/** No progress from the worker for this long: the main thread stops waiting for it. */
const STALL_MS = 20_000;

// Slots of the shared control array.
const PRODUCED = 0; // texts the worker has passed (parsed and posted, or skipped as claimed)
const ASKED = 1; // highest index the main thread has asked for
const STOP = 2; // 1: the main thread is done
const FAILED = 3; // 1: the worker failed

// Claim states of a text.
const FREE = 0;
const MAIN = 1;
const WORKER = 2;

// The worker's code (CommonJS, as `eval: true` runs it), so it runs the same from dist/ and from
// the TypeScript sources under the test runner. It loads the parser's CommonJS build: the same
// code and messages as the ES module the main thread uses. Spans are dropped from the AST
// (lineage never reads them; a third of its objects) and the AST is sent as JSON: JSON.parse on
// the main thread takes a quarter of the time structured-clone copying of the objects does, and
// a result the main thread never asks for costs it a string, not a tree.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { texts, dialect, claims, control, port, modulePath, window } = workerData;
function prune(v) {
  if (Array.isArray(v)) { for (let i = 0; i < v.length; i++) v[i] = prune(v[i]); return v; }
  if (v !== null && typeof v === 'object') {
    if ('span' in v) delete v.span;
    for (const k in v) { const x = v[k]; if (x !== null && typeof x === 'object') v[k] = prune(x); }
  }
  return v;
}
// The worker is to use the core the main thread leaves idle, not take time from it and its garbage
// collector's helper threads: once the parser is loaded (so its start is not slowed on a busy
// machine), its thread gets the lowest priority (Linux, where setpriority takes a thread's id;
// elsewhere /proc/thread-self is missing and the priority stays as it is). The main thread never
// waits on more than the one text the worker is parsing: the rest it claims itself.
function yieldTheCore() {
  try {
    const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) require('node:os').setPriority(tid, ${WORKER_NICE});
  } catch {}
}
(async () => {
  try {
    const parser = require(modulePath);
    await parser.init();
    yieldTheCore();
    for (let i = 0; i < texts.length; i++) {
      for (;;) {
        if (Atomics.load(control, ${STOP}) === 1) return;
        const asked = Atomics.load(control, ${ASKED});
        if (i <= asked + window) break;
        Atomics.wait(control, ${ASKED}, asked, 1000);
      }
      // Caught up: the main thread is asking for the texts the worker is at, so parsing them in
      // order would make it wait on each one in turn. It parses the next ones itself; the worker
      // goes ahead of it.
      const asked = Atomics.load(control, ${ASKED});
      if (asked >= 0 && i <= asked + ${CAUGHT_UP}) {
        i = asked + ${LEAD};
        if (i >= texts.length) break;
      }
      if (Atomics.compareExchange(claims, i, ${FREE}, ${WORKER}) === ${FREE}) {
        let message;
        try {
          message = [i, true, JSON.stringify(prune(parser.parse(texts[i], dialect)))];
        } catch (err) {
          message = [i, false, err instanceof Error ? err.message : String(err)];
        }
        port.postMessage(message);
      }
      Atomics.store(control, ${PRODUCED}, i + 1);
      Atomics.notify(control, ${PRODUCED});
    }
  } catch (err) {
    port.postMessage(['failed', false, err instanceof Error ? err.message : String(err)]);
    Atomics.store(control, ${FAILED}, 1);
    Atomics.notify(control, ${PRODUCED});
  } finally {
    port.close();
  }
})();
`;

export interface ParseAheadOptions {
  /** Overrides the number of cores seen (tests). */
  cores?: number;
  /** Overrides the smallest list worth a worker (tests). */
  minTexts?: number;
  /** The parser module the worker loads (tests: one that fails). */
  modulePath?: string;
}

/**
 * Starts parsing `texts` (in the order they will be asked for) in a worker thread; undefined
 * when there are too few to pay for the worker or only one core.
 */
export function startParseAhead(texts: readonly string[], dialect: string, options: ParseAheadOptions = {}): ParseAhead | undefined {
  if (texts.length < (options.minTexts ?? PARSE_AHEAD_MIN_TEXTS) || (options.cores ?? availableParallelism()) < 2) return undefined;
  const index = new Map<string, number>();
  const unique: string[] = [];
  for (const text of texts) {
    if (index.has(text)) continue;
    index.set(text, unique.length);
    unique.push(text);
  }
  const claims = new Int32Array(new SharedArrayBuffer(4 * unique.length));
  const control = new Int32Array(new SharedArrayBuffer(4 * 4));
  control[ASKED] = -1;
  const { port1, port2 } = new MessageChannel();
  const modulePath = options.modulePath ?? createRequire(import.meta.url).resolve('@guanmingchiu/sqlparser-ts');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { texts: unique, dialect, claims, control, port: port2, modulePath, window: WINDOW },
    transferList: [port2],
  });
  // The run never waits for the worker to end; an error it throws is seen through FAILED.
  worker.unref();
  let failure: string | undefined;
  worker.on('error', (err) => {
    failure ??= `the SQL parser's worker thread failed: ${err.message}`;
  });
  /** A worker's result: [index, parsed, the statements as JSON or the parser's message]. */
  type Result = [number | 'failed', boolean, string];
  const outcomeOf = ([, ok, text]: Result): ParseOutcome => (ok ? { ok: true, statements: JSON.parse(text) as unknown[] } : { ok: false, error: text });
  const received = new Map<number, Result>();
  let taken = 0;

  const keep = (result: Result & [number, boolean, string]): void => {
    received.set(result[0], result);
    if (received.size > KEEP) received.delete(received.keys().next().value as number);
  };
  const giveUp = (why: string): undefined => {
    failure ??= why;
    Atomics.store(control, STOP, 1);
    Atomics.notify(control, ASKED);
    return undefined;
  };
  /** Waits for the worker's outcome for `i`, which it has claimed. */
  const await_ = (i: number): ParseOutcome | undefined => {
    for (;;) {
      const message = receiveMessageOnPort(port1)?.message as Result | undefined;
      if (message) {
        const j = message[0];
        if (j === 'failed') return giveUp(`the SQL parser's worker thread failed: ${message[2]}`);
        if (j === i) return outcomeOf(message);
        keep([j, message[1], message[2]]);
        continue;
      }
      const produced = Atomics.load(control, PRODUCED);
      // Posted before it was counted, and not in the port: received earlier and no longer kept.
      if (produced > i) return undefined;
      if (Atomics.load(control, FAILED) === 1) continue; // its message is on the way
      if (Atomics.wait(control, PRODUCED, produced, STALL_MS) === 'timed-out' && Atomics.load(control, PRODUCED) === produced) {
        return giveUp(`the SQL parser's worker thread made no progress for ${STALL_MS / 1000} s`);
      }
    }
  };

  return {
    take(sql, asked) {
      if (asked !== dialect || Atomics.load(control, STOP) === 1) return undefined;
      const i = index.get(sql);
      if (i === undefined) return undefined;
      // A text asked again is the parser's own cache's business.
      index.delete(sql);
      const early = received.get(i);
      if (early) {
        received.delete(i);
        taken++;
        return outcomeOf(early);
      }
      if (i > Atomics.load(control, ASKED)) {
        Atomics.store(control, ASKED, i);
        Atomics.notify(control, ASKED);
      }
      if (Atomics.compareExchange(claims, i, FREE, MAIN) === FREE) return undefined;
      const outcome = await_(i);
      if (outcome) taken++;
      return outcome;
    },
    close() {
      // A worker that failed while the main thread parsed everything itself has said why in the port.
      for (let m = receiveMessageOnPort(port1)?.message as Result | undefined; m !== undefined && failure === undefined; m = receiveMessageOnPort(port1)?.message as Result | undefined) {
        if (m[0] === 'failed') failure = `the SQL parser's worker thread failed: ${m[2]}`;
      }
      Atomics.store(control, STOP, 1);
      Atomics.notify(control, ASKED);
      port1.close();
      void worker.terminate();
      return failure;
    },
    get taken() {
      return taken;
    },
    get produced() {
      return Atomics.load(control, PRODUCED);
    },
    get failed() {
      return Atomics.load(control, FAILED) === 1;
    },
  };
}
