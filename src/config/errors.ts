import { OsmosisError } from '../errors.js';

/** A bad flag, environment variable or dbt_project.yml value. The CLI maps it to exit code 2. */
export class ConfigError extends OsmosisError {
  declare readonly code: 'config-invalid';

  constructor(message: string, options?: { cause?: unknown }) {
    super('config-invalid', message, options?.cause === undefined ? {} : { cause: options.cause });
  }
}
