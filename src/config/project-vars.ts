import { z } from 'zod';
import { ConfigError } from './errors.js';
import { LLM_VAR_KEYS } from './options-table.js';

/** One value found under `vars: dbt-osmosis:`, with the key path to name in messages. */
export interface VarEntry {
  value: unknown;
  /** E.g. `vars.dbt-osmosis.llm.max_cost` (the key as the user spelled it). */
  key: string;
}

/** `vars: dbt-osmosis:` of dbt_project.yml, keys normalized to snake_case. */
export interface OsmosisVars {
  top: Map<string, VarEntry>;
  llm: Map<string, VarEntry>;
  /** `llm.prices`, by model id (ids are not normalized). */
  prices: Map<string, VarEntry>;
}

const ROOT = 'vars.dbt-osmosis';

const mapping = z.record(z.string(), z.unknown());

/** dbt-osmosis accepts kebab-case and snake_case alike. */
export function normalizeKey(key: string): string {
  return key.replace(/-/g, '_').toLowerCase();
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `'${String(value)}'`;
}

function readMapping(value: unknown, key: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  const parsed = mapping.safeParse(value);
  if (!parsed.success || Array.isArray(value)) {
    throw new ConfigError(`${key} in dbt_project.yml: expected a mapping, got ${describe(value)}`);
  }
  return parsed.data;
}

function entries(record: Record<string, unknown>, parentKey: string, normalize: boolean) {
  const out = new Map<string, VarEntry>();
  for (const [key, value] of Object.entries(record)) {
    out.set(normalize ? normalizeKey(key) : key, { value, key: `${parentKey}.${key}` });
  }
  return out;
}

/**
 * Reads the `dbt-osmosis` (or `dbt_osmosis`) entry of dbt_project.yml's `vars`. Keys other than
 * `llm` are kept loosely (dbt-osmosis has many we do not use); `llm` is checked key by key.
 */
export function readOsmosisVars(dbtProjectVars: unknown): OsmosisVars {
  const vars = readMapping(dbtProjectVars, 'vars');
  const rootValue = vars['dbt-osmosis'] ?? vars['dbt_osmosis'];
  const top = entries(readMapping(rootValue, ROOT), ROOT, true);
  const llmEntry = top.get('llm');
  const llm = entries(readMapping(llmEntry?.value, `${ROOT}.llm`), `${ROOT}.llm`, true);
  for (const [key, entry] of llm) {
    // The keys the options table lists under `llm.`: an unknown one there is most likely a typo.
    if (!LLM_VAR_KEYS.includes(key)) {
      throw new ConfigError(
        `${entry.key} in dbt_project.yml: unknown key; expected one of ${LLM_VAR_KEYS.join(', ')}`,
      );
    }
  }
  const pricesEntry = llm.get('prices');
  const prices = entries(
    readMapping(pricesEntry?.value, `${ROOT}.llm.prices`),
    `${ROOT}.llm.prices`,
    false,
  );
  return { top, llm, prices };
}
