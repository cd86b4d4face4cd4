import { DEFAULT_ENRICH_KEYS, type EnrichKeys } from '../enrich/types.js';
import type { EnrichSettings, SampleCommandSettings } from '../enrich/enrich-settings.js';
import { ConfigError } from './errors.js';
import { parseString } from './parse-values.js';
import { normalizeKey, type OsmosisVars, type VarEntry } from './project-vars.js';
import { optionalOption, resolveOption, type OptionContext } from './resolve-option.js';

/** Keys read under `vars: dbt-osmosis: enrich:`; another key is most likely a typo. */
const ENRICH_VAR_KEYS = ['fields', 'tags', 'pii_categories', 'keys', 'style_examples'] as const;
const KEY_NAMES: Record<string, keyof EnrichKeys> = { contains_pii: 'piiFlag', pii_category: 'piiCategory', business_purpose: 'purpose' };

/** `vars: dbt-osmosis: enrich:` checked key by key; its `keys:` mapping, if any. */
function enrichKeysEntry(vars: OsmosisVars): VarEntry | undefined {
  const entry = vars.top.get('enrich');
  if (entry === undefined || entry.value === null || entry.value === undefined) return undefined;
  if (typeof entry.value !== 'object' || Array.isArray(entry.value)) {
    throw new ConfigError(`${entry.key} in dbt_project.yml: expected a mapping such as {fields: [pii, tags]}`);
  }
  let keys: VarEntry | undefined;
  for (const [key, value] of Object.entries(entry.value as Record<string, unknown>)) {
    const name = normalizeKey(key);
    if (!(ENRICH_VAR_KEYS as readonly string[]).includes(name)) {
      throw new ConfigError(`${entry.key}.${key} in dbt_project.yml: unknown key; expected one of ${ENRICH_VAR_KEYS.join(', ')}`);
    }
    if (name === 'keys') keys = { value, key: `${entry.key}.${key}` };
  }
  return keys;
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
export function resolveEnrichSettings(ctx: OptionContext, synthesize: boolean): EnrichSettings | undefined {
  const keys = readKeys(enrichKeysEntry(ctx.vars));
  const fields = optionalOption('enrich', ctx);
  if (ctx.flags.enrich !== undefined && !synthesize) throw new ConfigError('--enrich asks the LLM for more than descriptions: add --synthesize (or --llm-dry-run to price it first).');
  if (ctx.flags.enrichApply === true && fields === undefined) throw new ConfigError('--enrich-apply writes enrichment values: name the fields with --enrich pii,tags,tests,purpose.');
  const piiCategories = resolveOption('enrichPiiCategories', ctx);
  const extraTags = resolveOption('enrichTags', ctx);
  const styleExamples = resolveOption('enrichStyleExamples', ctx);
  const apply = resolveOption('enrichApply', ctx);
  if (fields === undefined) return undefined;
  if (piiCategories.length === 0) throw new ConfigError('vars.dbt-osmosis.enrich.pii_categories in dbt_project.yml: list at least one category');
  return { fields, extraTags, piiCategories, keys, styleExamples, apply };
}

/** `--llm-sample-command` and its timeout; the command is only run with `--enrich`. */
export function resolveSampleCommand(ctx: OptionContext): SampleCommandSettings | undefined {
  const command = optionalOption('llmSampleCommand', ctx);
  const timeoutSeconds = resolveOption('llmSampleTimeout', ctx);
  return command === undefined ? undefined : { command, timeoutSeconds };
}
