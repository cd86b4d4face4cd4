/**
 * How a user writes each setting of `DocumentOptions`: the flag, and the key under
 * `vars: dbt-osmosis:` in dbt_project.yml where there is one. `--show-config` prints these, not
 * the camelCase field names of the code.
 */
export interface SettingName {
  flag?: string;
  /** Key under `vars.dbt-osmosis`. */
  varKey?: string;
  /** For a setting neither a flag nor a key sets (derived from others). */
  label?: string;
}

const NAMES: Record<string, SettingName> = {
  projectDir: { flag: '--project-dir' },
  targetPath: { flag: '--target-path' },
  manifestPath: { flag: '--manifest-path' },
  catalogPath: { flag: '--catalog-path' },
  select: { flag: '--select' },
  exclude: { flag: '--exclude' },
  positional: { flag: '[selector...]' },
  fqn: { flag: '--fqn' },
  dryRun: { flag: '--dry-run' },
  check: { flag: '--check' },
  forceInheritDescriptions: { flag: '--force-inherit-descriptions', varKey: 'force_inherit_descriptions' },
  skipAddColumns: { flag: '--skip-add-columns', varKey: 'skip_add_columns' },
  skipAddDataTypes: { flag: '--skip-add-data-types', varKey: 'skip_add_data_types' },
  addProgenitorToMeta: { flag: '--add-progenitor-to-meta', varKey: 'add_progenitor_to_meta' },
  placeholders: { flag: '--placeholder', varKey: 'placeholders' },
  skipAddSourceColumns: { flag: '--skip-add-source-columns', varKey: 'skip_add_source_columns' },
  skipInheritDescriptions: { flag: '--skip-inherit-descriptions', varKey: 'skip_inherit_descriptions' },
  skipAddTags: { flag: '--skip-add-tags', varKey: 'skip_add_tags' },
  skipMergeMeta: { flag: '--skip-merge-meta', varKey: 'skip_merge_meta' },
  skipInheritanceForMetaKeys: { flag: '--skip-inheritance-for-meta-keys', varKey: 'skip_inheritance_for_meta_keys' },
  addInheritanceForSpecifiedKeys: { flag: '--add-inheritance-for-specified-keys', varKey: 'add_inheritance_for_specified_keys' },
  numericPrecisionAndScale: { flag: '--numeric-precision-and-scale', varKey: 'numeric_precision_and_scale' },
  stringLength: { flag: '--string-length', varKey: 'string_length' },
  scaffoldEmptyConfigs: { flag: '--scaffold-empty-configs', varKey: 'scaffold_empty_configs' },
  stripEofBlankLines: { flag: '--strip-eof-blank-lines', varKey: 'strip_eof_blank_lines' },
  formatter: { flag: '--formatter', varKey: 'formatter' },
  synthesize: { flag: '--synthesize' },
  'synthesis.llm.provider': { flag: '--llm-provider', varKey: 'llm.provider' },
  'synthesis.llm.model': { flag: '--llm-model', varKey: 'llm.model' },
  'synthesis.llm.baseUrl': { flag: '--llm-base-url', varKey: 'llm.base_url' },
  'synthesis.llm.apiKey': { varKey: 'llm.api_key' },
  'synthesis.llm.apiKeyVariable': { label: 'api key variable' },
  'synthesis.llm.azureDeployment': { varKey: 'llm.deployment' },
  'synthesis.llm.azureApiVersion': { varKey: 'llm.api_version' },
  'synthesis.llm.temperature': { flag: '--llm-temperature', varKey: 'llm.temperature' },
  'synthesis.llm.timeoutSeconds': { flag: '--llm-timeout', varKey: 'llm.timeout' },
  'synthesis.llm.maxRetries': { flag: '--llm-max-retries', varKey: 'llm.max_retries' },
  'synthesis.maxCostUsd': { flag: '--llm-max-cost', varKey: 'llm.max_cost' },
  'synthesis.llmDryRun': { flag: '--llm-dry-run' },
  'synthesis.cachePath': { flag: '--llm-cache-path', varKey: 'llm.cache_path' },
  'synthesis.concurrency': { flag: '--llm-concurrency', varKey: 'llm.concurrency' },
  'synthesis.requestsPerMinute': { flag: '--llm-rpm', varKey: 'llm.rpm' },
  'synthesis.bulkThreshold': { flag: '--bulk-threshold', varKey: 'llm.bulk_threshold' },
  'synthesis.maxRepairs': { flag: '--llm-max-repairs', varKey: 'llm.max_repairs' },
  'synthesis.promptFile': { flag: '--llm-prompt-file', varKey: 'llm.prompt_file' },
  'synthesis.styleGuideFile': { flag: '--llm-style-guide', varKey: 'llm.style_guide' },
  'synthesis.priceOverrides': { varKey: 'llm.prices' },
  'synthesis.maxSqlTokens': { varKey: 'llm.max_sql_tokens' },
  'synthesis.maxUpstreamTokens': { varKey: 'llm.max_upstream_tokens' },
  'synthesis.maxOutputTokensPerColumn': { varKey: 'llm.max_output_tokens_per_column' },
};

/**
 * `--llm-model / vars.dbt-osmosis.llm.model` for `synthesis.llm.model`. A setting this table does
 * not know yet (added by a later change) is shown by its path, so it is still listed.
 */
export function userFacingName(path: string): string {
  const name = NAMES[path];
  if (name === undefined) return path;
  if (name.label !== undefined) return name.label;
  const parts = [name.flag, name.varKey === undefined ? undefined : `vars.dbt-osmosis.${name.varKey}`].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join(' / ') : path;
}
