import { OsmosisError } from '../errors.js';

export type CacheErrorCode = 'cache-open-failed' | 'cache-write-failed' | 'cache-closed';

/** A response-cache failure; the message names the file and says how to get past it. */
export class CacheError extends OsmosisError {
  declare readonly code: CacheErrorCode;
  readonly file: string;

  constructor(code: CacheErrorCode, message: string, opts: { file: string; cause?: unknown }) {
    super(code, message, opts.cause === undefined ? {} : { cause: opts.cause });
    this.file = opts.file;
  }
}
