/**
 * `vars: dbt-osmosis: llm: prices:` — per-model prices that replace the price table's. An entry
 * replaces the model's whole price: cache prices it does not give are not taken from the table
 * (a gateway or a negotiated rate seldom keeps the table's cache discount), so its cached input
 * and cache writes are billed at its input price, and the dry run says so.
 */
import type { PriceOverride } from './types.js';
import { ConfigError } from './errors.js';
import { parseNonNegativeNumber } from './parse-values.js';
import { pickSetting } from './pick-setting.js';
import { normalizeKey, type OsmosisVars, type VarEntry } from './project-vars.js';

type Env = Record<string, string | undefined>;

/** The keys of one entry (kebab-case accepted too), named as genai-prices' `*_mtok` keys are. */
const PRICE_KEYS = {
  input_per_mtok: 'inputPerMTok',
  output_per_mtok: 'outputPerMTok',
  cached_input_per_mtok: 'cachedInputPerMTok',
  cache_write_per_mtok: 'cacheWritePerMTok',
} as const satisfies Record<string, keyof PriceOverride>;

type PriceKey = keyof typeof PRICE_KEYS;
const isPriceKey = (key: string): key is PriceKey => Object.hasOwn(PRICE_KEYS, key);
const ALLOWED = `${Object.keys(PRICE_KEYS).join(', ')} (the first two required)`;

function fieldsOf(entry: VarEntry): Map<PriceKey, VarEntry> {
  const value = entry.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      `${entry.key} in dbt_project.yml: expected a mapping of USD per million tokens with ${ALLOWED}, got ${Array.isArray(value) ? 'a list' : `'${String(value)}'`}`,
    );
  }
  const fields = new Map<PriceKey, VarEntry>();
  for (const [key, raw] of Object.entries(value)) {
    const name = normalizeKey(key);
    if (!isPriceKey(name)) {
      throw new ConfigError(`${entry.key}.${key} in dbt_project.yml: unknown key; expected one of ${ALLOWED}`);
    }
    fields.set(name, { value: raw, key: `${entry.key}.${key}` });
  }
  return fields;
}

function readOverride(model: VarEntry, env: Env): PriceOverride {
  const fields = fieldsOf(model);
  const keyOf = (name: PriceKey): string => fields.get(name)?.key ?? `${model.key}.${name}`;
  const read = (name: PriceKey): number | undefined =>
    pickSetting([{ raw: fields.get(name)?.value, origin: { kind: 'dbt_project.yml', key: keyOf(name) } }], parseNonNegativeNumber, env)?.value;
  const required = (name: PriceKey): number => {
    const value = read(name);
    if (value === undefined) throw new ConfigError(`${keyOf(name)} in dbt_project.yml: missing; give USD per million tokens`);
    return value;
  };
  // An empty value is a mistake, not "bill at the input price": leaving the key out says that.
  const optional = (name: PriceKey): number | undefined => {
    const value = read(name);
    if (value === undefined && fields.has(name)) {
      throw new ConfigError(`${keyOf(name)} in dbt_project.yml: missing; give USD per million tokens, or remove the key to bill it at input_per_mtok`);
    }
    return value;
  };
  const price: PriceOverride = { inputPerMTok: required('input_per_mtok'), outputPerMTok: required('output_per_mtok') };
  const cached = optional('cached_input_per_mtok');
  if (cached !== undefined) price.cachedInputPerMTok = cached;
  const write = optional('cache_write_per_mtok');
  if (write !== undefined) price.cacheWritePerMTok = write;
  return price;
}

/** Every override, by model id (ids are not normalized). Throws `ConfigError` naming the key. */
export function readPriceOverrides(vars: OsmosisVars, env: Env): Record<string, PriceOverride> {
  const prices: Record<string, PriceOverride> = {};
  for (const [model, entry] of vars.prices) prices[model] = readOverride(entry, env);
  return prices;
}
