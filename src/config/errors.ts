/** A bad flag, environment variable or dbt_project.yml value. The CLI maps it to exit code 2. */
export class ConfigError extends Error {
  readonly code = 'config' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConfigError';
  }
}
