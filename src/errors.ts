/**
 * Errors about the user's input (artifacts, project files, flags). Every one of them means
 * "nothing was written" and exit code 2; the message names the file and the key, line or node.
 */
export class InputError extends Error {
  readonly code: string;
  readonly file?: string;

  constructor(code: string, message: string, opts: { file?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'InputError';
    this.code = code;
    if (opts.file !== undefined) this.file = opts.file;
  }
}

/** Names of error classes from other modules that also mean bad input (exit 2). */
export const INPUT_ERROR_NAMES: ReadonlySet<string> = new Set([
  'InputError',
  'ConfigError',
  'YamlInputError',
  'PathOutsideProjectError',
  'GraphCycleError',
  'SelectionError',
  'ReviewError',
]);

/** True when `err` is bad input, a bad config or a refused path: exit 2, nothing written. */
export function isInputError(err: unknown): err is Error & { code?: string } {
  return err instanceof Error && INPUT_ERROR_NAMES.has(err.name);
}
