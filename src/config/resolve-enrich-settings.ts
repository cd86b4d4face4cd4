import { DEFAULT_ENRICH_KEYS, DEFAULT_PII_CATEGORIES, ENRICH_FIELDS, type EnrichField, type EnrichKeys } from '../enrich/types.js';
import type { EnrichSettings, SampleCommandSettings } from '../enrich/enrich-settings.js';
import { ConfigError } from './errors.js';
import type { ConfigOrigins } from './origins.js';
import { parseBoolean, parsePositiveNumber, parseNonNegativeInt, parseString, parseStringList, type ValueParser } from './parse-values.js';
import { fromFlag, fromVars, pickOptional, pickOrDefault } from './pick-setting.js';
import { normalizeKey, type OsmosisVars, type VarEntry } from './project-vars.js';
import type { RawFlags } from './raw-flags.js';

type Env = Record<string, string | undefined>;

/** Keys read under `vars: dbt-osmosis: enrich:`; another key is most likely a typo. */
const ENRICH_VAR_KEYS = ['fields', 'tags', 'pii_categories', 'keys', 'style_examples'] as const;
const KEY_NAMES: Record<string, keyof EnrichKeys> = { contains_pii: 'piiFlag', pii_category: 'piiCategory', business_purpose: 'purpose' };

export const SAMPLE_DEFAULTS = { rows: 5, timeoutSeconds: 30 } as const;

/** `pii,tags` (flag) or `[pii, tags]` (YAML): known fields only, in ENRICH_FIELDS order. */
export const parseEnrichFields: ValueParser<EnrichField[]> = (raw, label) => {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
  if (items === undefined) throw new ConfigError(`${label}: expected a comma list of ${ENRICH_FIELDS.join(', ')}`);
  const asked = new Set<string>();
  for (const item of items) {
    const field = String(item).trim().toLowerCase();
    if (field === '') continue;
    if (!(ENRICH_FIELDS as readonly string[]).includes(field)) {
      throw new ConfigError(`${label}: unknown field '${String(item).trim()}'; allowed: ${ENRICH_FIELDS.join(', ')}`);
    }
    asked.add(field);
  }
  if (asked.size === 0) throw new ConfigError(`${label}: name at least one of ${ENRICH_FIELDS.join(', ')}`);
  return ENRICH_FIELDS.filter((f) => asked.has(f));
};

function enrichVars(vars: OsmosisVars): Map<string, VarEntry> {
  const entry = vars.top.get('enrich');
  const out = new Map<string, VarEntry>();
  if (entry === undefined || entry.value === null || entry.value === undefined) return out;
  if (typeof entry.value !== 'object' || Array.isArray(entry.value)) {
    throw new ConfigError(`${entry.key} in dbt_project.yml: expected a mapping such as {fields: [pii, tags]}`);
  }
  for (const [key, value] of Object.entries(entry.value as Record<string, unknown>)) {
    const name = normalizeKey(key);
    if (!(ENRICH_VAR_KEYS as readonly string[]).includes(name)) {
      throw new ConfigError(`${entry.key}.${key} in dbt_project.yml: unknown key; expected one of ${ENRICH_VAR_KEYS.join(', ')}`);
    }
    out.set(name, { value, key: `${entry.key}.${key}` });
  }
  return out;
}

function readKeys(entry: VarEntry | undefined): EnrichKeys {
  const keys = { ...DEFAULT_ENRICH_KEYS };
  if (entry === undefined || entry.value === null || entry.value === undefined) return keys;
  if (typeof entry.value !== 'object' || Array.isArray(entry.value)) {
    throw new ConfigError(`${entry.key} in dbt_project.yml: expected a mapping such as {contains_pii: sensitive}`);
  }
  for (const [key, value] of Object.entries(entry.value as Record<string, unknown>)) {
    const field = KEY_NAMES[normalizeKey(key)];
    if (field === undefined) throw new ConfigError(`${entry.key}.${key} in dbt_project.yml: unknown key; expected one of ${Object.keys(KEY_NAMES).join(', ')}`);
    keys[field] = parseString(value, `${entry.key}.${key} in dbt_project.yml`);
  }
  return keys;
}

/**
 * `--enrich` and its vars. Undefined when no field is asked. `--enrich` on the command line
 * without `--synthesize` is an error: enrichment rides on synthesis requests.
 */
export function resolveEnrichSettings(flags: RawFlags, env: Env, vars: OsmosisVars, origins: ConfigOrigins, synthesize: boolean): EnrichSettings | undefined {
  const enrich = enrichVars(vars);
  const fields = pickOptional('synthesis.enrich.fields', origins, [fromFlag('--enrich', flags.enrich), fromVars(enrich.get('fields'))], parseEnrichFields, env);
  if (flags.enrich !== undefined && !synthesize) throw new ConfigError('--enrich asks the LLM for more than descriptions: add --synthesize (or --llm-dry-run to price it first).');
  if (flags.enrichApply === true && fields === undefined) throw new ConfigError('--enrich-apply writes enrichment values: name the fields with --enrich pii,tags,tests,purpose.');
  const piiCategories = pickOrDefault('synthesis.enrich.piiCategories', origins, [fromVars(enrich.get('pii_categories'))], parseStringList, env, [...DEFAULT_PII_CATEGORIES]);
  const extraTags = pickOrDefault('synthesis.enrich.tags', origins, [fromVars(enrich.get('tags'))], parseStringList, env, []);
  const keys = readKeys(enrich.get('keys'));
  const styleExamples = pickOrDefault('synthesis.enrich.styleExamples', origins, [fromVars(enrich.get('style_examples'))], parseBoolean, env, true);
  const apply = pickOrDefault('synthesis.enrich.apply', origins, [fromFlag('--enrich-apply', flags.enrichApply)], parseBoolean, env, false);
  if (fields === undefined) return undefined;
  if (piiCategories.length === 0) throw new ConfigError(`${enrich.get('pii_categories')?.key ?? 'pii_categories'} in dbt_project.yml: list at least one category`);
  return { fields, extraTags, piiCategories, keys, styleExamples, apply };
}

/** `--llm-sample-rows` (rows of a seed's CSV, and of a sample command's output). */
export function resolveSampleRows(flags: RawFlags, env: Env, origins: ConfigOrigins): number {
  return pickOrDefault('synthesis.sampleRows', origins, [fromFlag('--llm-sample-rows', flags.llmSampleRows)], parseNonNegativeInt, env, SAMPLE_DEFAULTS.rows);
}

/** `--llm-sample-command` and its timeout; the command is only run with `--enrich`. */
export function resolveSampleCommand(flags: RawFlags, env: Env, origins: ConfigOrigins): SampleCommandSettings | undefined {
  const command = pickOptional('synthesis.sampleCommand.command', origins, [fromFlag('--llm-sample-command', flags.llmSampleCommand)], parseString, env);
  const timeoutSeconds = pickOrDefault('synthesis.sampleCommand.timeoutSeconds', origins, [fromFlag('--llm-sample-timeout', flags.llmSampleTimeout)], parsePositiveNumber, env, SAMPLE_DEFAULTS.timeoutSeconds);
  return command === undefined ? undefined : { command, timeoutSeconds };
}
