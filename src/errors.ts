/**
 * The one error model of osmosis-ts. Every error the code base throws on purpose is an
 * `OsmosisError`: it carries a stable kebab-case `code` (`config-invalid`, `yaml-syntax`,
 * `graph-cycle`, `llm-auth`, …) that JSON output and scripts can match, the exit code the CLI
 * returns for it, and a message that says what failed, where, and how to fix it. The CLI picks
 * exit codes with `instanceof OsmosisError`, never by class-name strings; anything else that
 * reaches it is a bug in osmosis-ts (or a system error such as a full disk, see cli/main.ts).
 */
export class OsmosisError extends Error {
  /** Stable, kebab-case, namespaced by area (`cache-…`, `yaml-…`, `llm-…`, `review-…`). */
  readonly code: string;
  /** What the CLI exits with when this error ends a command (2: bad input, nothing written). */
  readonly exitCode: number;

  constructor(code: string, message: string, opts: { exitCode?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    // The subclass's own name (`CacheError`, `YamlInputError`) shows in stack traces and tests.
    this.name = new.target.name;
    this.code = code;
    this.exitCode = opts.exitCode ?? 2;
  }
}

/**
 * Errors about the user's input (artifacts, project files, flags). Every one of them means
 * "nothing was written" and exit code 2; the message names the file and the key, line or node.
 */
export class InputError extends OsmosisError {
  readonly file?: string;

  constructor(code: string, message: string, opts: { file?: string; cause?: unknown } = {}) {
    super(code, message, opts.cause === undefined ? {} : { cause: opts.cause });
    if (opts.file !== undefined) this.file = opts.file;
  }
}

/** A bad flag, environment variable or dbt_project.yml value. The CLI maps it to exit code 2. */
export class ConfigError extends OsmosisError {
  declare readonly code: 'config-invalid';

  constructor(message: string, options?: { cause?: unknown }) {
    super('config-invalid', message, options?.cause === undefined ? {} : { cause: options.cause });
  }
}
