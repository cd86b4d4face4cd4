import { ConfigError } from './errors.js';

// `${VAR}`, `${VAR:-fallback}` and dbt's own `{{ env_var('VAR') }}` / `{{ env_var('VAR', 'fallback') }}`,
// since dbt_project.yml is read here without dbt's Jinja rendering.
const SHELL_STYLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const DBT_STYLE =
  /\{\{\s*env_var\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*(?:,\s*['"]([^'"]*)['"]\s*)?\)\s*\}\}/g;

/**
 * Replaces environment references in a config string. A variable that is unset (or empty) and has
 * no fallback is a `ConfigError` naming both the config key and the variable.
 */
export function interpolateEnv(
  value: string,
  label: string,
  env: Record<string, string | undefined>,
): string {
  const substitute = (_match: string, name: string, fallback: string | undefined): string => {
    const found = env[name];
    if (found !== undefined && found !== '') return found;
    if (fallback !== undefined) return fallback;
    throw new ConfigError(
      `${label}: refers to the environment variable ${name}, which is not set: export ${name} or change the value`,
    );
  };
  return value.replace(SHELL_STYLE, substitute).replace(DBT_STYLE, substitute);
}
