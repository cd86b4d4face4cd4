import { OPTION_KEYS, specOf } from './options-table.js';

/** Settings neither a flag nor a key sets (derived from others), by their path. */
const LABELS: Record<string, string> = {
  positional: '[selector...]',
  'synthesis.llm.apiKeyVariable': 'api key variable',
};

/** `--llm-model / vars.dbt-osmosis.llm.model` by option path, from the options table. */
const NAMES = new Map<string, string>();
for (const key of OPTION_KEYS) {
  const spec = specOf(key);
  if (spec.path === undefined || NAMES.has(spec.path)) continue;
  const parts = [spec.flag, spec.varKey === undefined ? undefined : `vars.dbt-osmosis.${spec.varKey}`].filter((p): p is string => p !== undefined);
  if (parts.length > 0) NAMES.set(spec.path, parts.join(' / '));
}

/**
 * How a user writes the setting at `path` (`synthesis.llm.model` → `--llm-model /
 * vars.dbt-osmosis.llm.model`), for `--show-config`. A path the table does not name is shown as is.
 */
export function userFacingName(path: string): string {
  return LABELS[path] ?? NAMES.get(path) ?? path;
}
