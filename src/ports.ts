/**
 * The ports of the core: everything `documentProject` needs from the world outside the process.
 * The core reads, lists and writes files, builds models, opens the response cache, reads the
 * time and sleeps only through these. The real ones are in `node-ports.ts`, wired by `cli/` and
 * by the library entry; tests and library users pass their own (an in-memory file system, a fake
 * model) through the same members.
 */
import type { CachedResponse } from './cache/response-cache.js';
import type { BatchIntentItem, BatchItemRecord, BatchWaveRecord } from './cache/batch-ledger-store.js';
import type { LanguageModel, LlmSettings } from './llm/types.js';

/** One entry of a directory, with symlinks followed ('other' for sockets, dangling links…). */
export interface DirEntry {
  name: string;
  kind: 'file' | 'directory' | 'other';
}

/**
 * The file system, by absolute path. Reads are synchronous: loading a project is one pass over
 * local files before any work can start, and a synchronous port keeps that pass simple. A
 * failed read throws an error whose `code` is 'ENOENT' when the path does not exist.
 */
export interface FileSystemPort {
  readText(path: string): string;
  /** The first `maxBytes` bytes as UTF-8; `complete` when the file ended within them. */
  readStart(path: string, maxBytes: number): { text: string; complete: boolean };
  exists(path: string): boolean;
  /** Modification time in ms since the epoch. */
  mtimeMs(path: string): number;
  /** The entries of a directory, in no particular order; throws when it cannot be read. */
  readDir(path: string): DirEntry[];
  /** The path with every symlink resolved; rejects (code 'ENOENT') when it does not exist. */
  realpath(path: string): Promise<string>;
  /** Whether the path itself exists, also when it is a symlink to nothing. */
  lexists(path: string): Promise<boolean>;
  /** Writes the whole text so a reader sees the old or the new content, never a mix; creates parent folders. */
  writeAtomic(path: string, text: string): Promise<void>;
}

/** What a run asks of the response cache (the SQLite `ResponseCache` is one). */
export interface ResponseCachePort {
  /** The stored answer, counted as a hit. */
  get(key: string): Promise<CachedResponse | undefined>;
  /** The stored answer without counting a hit (the dry run only looks). */
  peek(key: string): Promise<CachedResponse | undefined>;
  set(key: string, value: CachedResponse): Promise<void>;
  loadTokenCounts(encoding: string): Promise<Map<string, number>>;
  saveTokenCounts(encoding: string, counts: ReadonlyMap<string, number>): Promise<void>;
  /** The batch ledger (cache/batch-ledger-store.ts): recorded requests, with their wave. */
  findBatchItems(keys: readonly string[]): Promise<Map<string, BatchItemRecord>>;
  /**
   * Written before a wave's submit call, so a run killed during it can find the batch later;
   * returns the input file an earlier run uploaded for the same wave, if any.
   */
  recordBatchIntent(wave: Omit<BatchWaveRecord, 'fileId' | 'batchId'>, items: readonly BatchIntentItem[]): Promise<{ fileId?: string }>;
  recordBatchFile(wave: string, fileId: string): Promise<void>;
  recordBatchId(wave: string, batchId: string): Promise<void>;
  /** The batch ids recorded for a provider's waves (a resumed run's search skips them). */
  listBatchIds(provider: string): Promise<Set<string>>;
  forgetBatchItems(keys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** Opens (creating if needed) the response cache stored at `path`. */
export type CacheOpener = (path: string) => Promise<ResponseCachePort>;

/** Builds the model for resolved settings; called once, on a run's first paid call. */
export type ModelFactory = (settings: LlmSettings) => Promise<LanguageModel>;

export interface Clock {
  /** ms since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Everything the core takes from outside; see `nodePorts` for the real ones. */
export interface Ports {
  fs: FileSystemPort;
  createModel: ModelFactory;
  openCache: CacheOpener;
  clock: Clock;
  /** The directory relative selectors (`--select path:…`) are resolved against. */
  cwd: string;
}
