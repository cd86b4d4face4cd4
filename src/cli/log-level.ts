import { ConfigError } from '../config/errors.js';

/** dbt-osmosis's `--log-level` as osmosis-ts's output switches. */
export function outputOfLogLevel(level: string | undefined): { verbose?: true; quiet?: true } {
  if (level === undefined) return {};
  switch (level.trim().toUpperCase()) {
    case 'DEBUG':
      return { verbose: true };
    case 'INFO':
    case 'WARNING':
    case 'WARN':
      return {};
    case 'ERROR':
    case 'CRITICAL':
      return { quiet: true };
    default:
      throw new ConfigError(`--log-level: expected DEBUG, INFO, WARNING, ERROR or CRITICAL, got '${level}'`);
  }
}
