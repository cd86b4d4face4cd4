import { parse as parseYaml } from 'yaml';
import { ConfigError } from './errors.js';

/**
 * `--vars '{key: value}'`, as dbt reads it: a YAML mapping whose top-level keys replace those of
 * dbt_project.yml's `vars` (so `--vars '{dbt-osmosis: {…}}'` replaces the osmosis settings).
 */
export function mergeVarsFlag(projectVars: unknown, flag: string | undefined): unknown {
  if (flag === undefined) return projectVars;
  let parsed: unknown;
  try {
    parsed = parseYaml(flag);
  } catch (err) {
    throw new ConfigError(`--vars: not valid YAML (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); give a mapping such as --vars '{"my_var": 1}'`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`--vars: expected a YAML mapping such as --vars '{"my_var": 1}', got ${JSON.stringify(flag)}`);
  }
  const base = projectVars !== null && typeof projectVars === 'object' && !Array.isArray(projectVars) ? projectVars : {};
  return { ...base, ...parsed };
}
