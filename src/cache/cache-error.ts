export type CacheErrorCode = 'CACHE_OPEN_FAILED' | 'CACHE_WRITE_FAILED' | 'CACHE_CLOSED';

/** A response-cache failure; the message names the file and says how to get past it. */
export class CacheError extends Error {
  readonly code: CacheErrorCode;
  readonly file: string;

  constructor(code: CacheErrorCode, message: string, opts: { file: string; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CacheError';
    this.code = code;
    this.file = opts.file;
  }
}
