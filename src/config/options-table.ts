/**
 * THE options table: every setting of `yaml document` appears here once, with its flag, short
 * flag, environment variable, `vars: dbt-osmosis:` key, typed default, parser and help text.
 * Everything else is derived from it:
 * - commander's options and `--help` (src/cli/add-options.ts),
 * - the `RawFlags` type and the check of what commander hands over (src/config/read-flags.ts),
 * - the resolution flag > env > dbt_project.yml > default with the origin of each value
 *   (src/config/resolve-option.ts, used by resolve-config.ts),
 * - the names `--show-config` prints (src/config/setting-names.ts),
 * - the keys accepted under `vars: dbt-osmosis: llm:` (src/config/project-vars.ts),
 * - the README and docs/cli.md option tables (`npm run build && node scripts/options-doc.mjs --write`).
 *
 * To add a setting, add one entry below. Its key is commander's camelCase name of the flag
 * (`--llm-sample-rows` → `llmSampleRows`); give `kind` (switch, value, list, optional-value), the
 * parser and typed default through `typed(parser, default)`, `help` and `group` (the --help and
 * README section), and where they apply `env`, `varKey` (`llm.sample_rows` for
 * `vars: dbt-osmosis: llm: sample_rows`) and `path` (its field in `DocumentOptions`, e.g.
 * `synthesis.sampleRows`). That alone gives the flag in `yaml document --help`, the typed field of
 * `RawFlags`, the dbt_project.yml key, its `--show-config` name and the docs row. A CLI-only flag
 * (like `--show-config`) needs nothing more: read `flags.key`. A setting of `DocumentOptions` also
 * needs its field in types.ts and one line in resolve-config.ts:
 *   `sampleRows: resolveOption('llmSampleRows', ctx)` (with a default), or
 *   `const x = optionalOption('llmSampleRows', ctx); if (x !== undefined) options.x = x;` (without).
 * Both pick flag > env > dbt_project.yml > default and record the origin `--show-config` prints.
 * Then `npm run build && node scripts/options-doc.mjs --write` regenerates the docs tables.
 */
import { DEFAULT_PLACEHOLDERS } from './types.js';
import { DEFAULT_PII_CATEGORIES } from '../enrich/types.js';
import { parseEnrichFields } from './parse-enrich-fields.js';
import {
  parseBoolean,
  parseDurationSeconds,
  parseHttpUrl,
  parseNonNegativeInt,
  parseNonNegativeNumber,
  parsePositiveInt,
  parsePositiveNumber,
  parseProvider,
  parseSortBy,
  parseString,
  parseStringList,
  parseTemperature,
  type ValueParser,
} from './parse-values.js';

export type SettingGroup = 'Project' | 'Selection' | 'Output' | 'Inheritance' | 'Synthesis' | 'LLM transport' | 'Cache and cost' | 'dbt parse';

/** How commander hands a flag over: a boolean, one string, several strings, or either. */
export type FlagKind = 'switch' | 'value' | 'list' | 'optional-value';

/** One setting. `parse` turns any layer's raw value (flag string, env string, YAML value) into T. */
export interface SettingSpec<T = unknown> {
  /** The long flag; absent for a setting only dbt_project.yml sets. `--no-x` is a negated switch. */
  flag?: string;
  short?: string;
  /** Commander's argument syntax, e.g. `<usd>`, `<selector...>`, `[command]`. */
  arg?: string;
  kind: FlagKind;
  /** Help of the `--no-<flag>` spelling commander maps to false on the same field. */
  negationHelp?: string;
  /** The environment variable read when the flag is not given. */
  env?: string;
  /** Help text for variables that depend on the provider (read in resolve-llm-settings.ts). */
  envHelp?: string;
  /** The key under `vars: dbt-osmosis:`, dotted for `llm.…`. */
  varKey?: string;
  /** Older spellings of `varKey` still accepted. */
  varAliases?: readonly string[];
  /** The field of `DocumentOptions` it resolves to (dotted), for origins and `--show-config`. */
  path?: string;
  parse: ValueParser<T>;
  default?: T;
  /** A file or folder: relative values are resolved against the layer they came from. */
  isPath?: boolean;
  help: string;
  /** The `yaml document --help` section; absent: not a `yaml document` flag. */
  group?: SettingGroup;
  /** Shown as the default when it is not a plain value (e.g. derived from another setting). */
  defaultText?: string;
}

/** A parser and its default, typed together so the default always has the parsed type. */
function typed<T>(parse: ValueParser<T>): { parse: ValueParser<T> };
function typed<T>(parse: ValueParser<T>, value: NoInfer<T>): { parse: ValueParser<T>; default: T };
function typed<T>(parse: ValueParser<T>, value?: T): { parse: ValueParser<T>; default?: T } {
  return value === undefined ? { parse } : { parse, default: value };
}

const text = typed(parseString);
const path = { ...text, isPath: true } as const;
const onOff = typed(parseBoolean, false);
const list = typed(parseStringList);

export const OPTIONS = {
  projectDir: { flag: '--project-dir', arg: '<dir>', kind: 'value', env: 'DBT_PROJECT_DIR', path: 'projectDir', ...path, group: 'Project', help: 'the dbt project (holds dbt_project.yml)', defaultText: 'the nearest folder holding dbt_project.yml, from the current one upward' },
  targetPath: { flag: '--target-path', arg: '<dir>', kind: 'value', env: 'DBT_TARGET_PATH', path: 'targetPath', ...path, group: 'Project', help: "dbt's target folder", defaultText: '<project-dir>/target, or target-path in dbt_project.yml' },
  manifestPath: { flag: '--manifest-path', arg: '<file>', kind: 'value', path: 'manifestPath', ...path, group: 'Project', help: 'the manifest to read (e.g. from an integration_tests project)', defaultText: '<target-path>/manifest.json' },
  catalogPath: { flag: '--catalog-path', arg: '<file>', kind: 'value', path: 'catalogPath', ...path, group: 'Project', help: 'the catalog (adds warehouse columns and types); an explicit one must exist', defaultText: '<target-path>/catalog.json when it exists' },
  dbtParse: { flag: '--dbt-parse', arg: '[command]', kind: 'optional-value', ...text, group: 'Project', help: 'run `dbt parse` (or the command given) first, so the manifest is fresh' },
  vars: { flag: '--vars', arg: '<yaml>', kind: 'value', ...text, group: 'Project', help: "dbt vars as a YAML mapping: override dbt_project.yml's vars (including vars.dbt-osmosis) and are passed to --dbt-parse" },
  profile: { flag: '--profile', arg: '<name>', kind: 'value', ...text, group: 'dbt parse', help: 'passed to --dbt-parse (osmosis-ts itself never connects to the warehouse)' },
  target: { flag: '--target', short: '-t', arg: '<name>', kind: 'value', ...text, group: 'dbt parse', help: 'passed to --dbt-parse' },
  profilesDir: { flag: '--profiles-dir', arg: '<dir>', kind: 'value', ...text, group: 'dbt parse', help: 'passed to --dbt-parse' },
  threads: { flag: '--threads', arg: '<n>', kind: 'value', ...typed(parsePositiveInt), group: 'dbt parse', help: 'passed to --dbt-parse' },
  disableIntrospection: { flag: '--disable-introspection', kind: 'switch', ...onOff, group: 'dbt parse', help: 'accepted for dbt-osmosis users; always on: osmosis-ts reads columns from catalog.json and never queries the warehouse' },
  select: { flag: '--select', short: '-s', arg: '<selector...>', kind: 'list', path: 'select', ...typed(parseStringList, []), group: 'Selection', help: 'dbt selection syntax: names, path:, tag:, fqn:, resource_type:, package:, source:, config.materialized:, +/@/n+ graph operators, unions (space) and intersections (comma)' },
  exclude: { flag: '--exclude', arg: '<selector...>', kind: 'list', path: 'exclude', ...typed(parseStringList, []), group: 'Selection', help: 'nodes to leave out, same syntax as --select' },
  fqn: { flag: '--fqn', short: '-f', arg: '<fqn>', kind: 'list', path: 'fqn', ...list, group: 'Selection', help: 'nodes whose fqn starts with these dot-separated parts, with or without the project name as `dbt ls` prints it (repeatable)' },
  dryRun: { flag: '--dry-run', short: '-d', kind: 'switch', path: 'dryRun', ...onOff, group: 'Output', help: 'write nothing; print a unified diff of what would change (with --synthesize: no LLM call; what is left is priced as --llm-dry-run does)' },
  check: { flag: '--check', short: '-C', kind: 'switch', path: 'check', ...onOff, group: 'Output', help: 'exit 1 when any file would change (writes nothing; for CI and pre-commit)' },
  failOnChange: { flag: '--fail-on-change', kind: 'switch', ...onOff, group: 'Output', help: 'write the changes, then exit 1 when a file changed (the pre-commit fixer idiom: review and stage them)' },
  format: { flag: '--format', arg: '<format>', kind: 'value', ...text, group: 'Output', help: '`text`, or `json`: exactly one JSON report on stdout', defaultText: 'text' },
  showConfig: { flag: '--show-config', kind: 'switch', ...onOff, group: 'Output', help: 'print the resolved settings with where each came from (secrets redacted) and exit' },
  stripEofBlankLines: { flag: '--strip-eof-blank-lines', kind: 'switch', varKey: 'strip_eof_blank_lines', path: 'stripEofBlankLines', ...onOff, group: 'Output', help: 'remove blank lines at the end of every file written' },
  keepEofBlankLines: { flag: '--keep-eof-blank-lines', kind: 'switch', ...onOff, group: 'Output', help: 'the default: blank lines at the end of a file are kept (overrides strip_eof_blank_lines in dbt_project.yml)' },
  formatter: { flag: '--formatter', arg: '<command>', kind: 'value', varKey: 'formatter', path: 'formatter', ...text, group: 'Output', help: 'run this command on the files written, their paths appended (e.g. "prettier --write")' },
  quiet: { flag: '--quiet', short: '-q', kind: 'switch', ...onOff, group: 'Output', help: 'print only errors (and the diff with --dry-run)' },
  logLevel: { flag: '--log-level', arg: '<level>', kind: 'value', ...text, group: 'Output', help: "dbt-osmosis's levels: DEBUG is --verbose, ERROR or CRITICAL is --quiet, INFO or WARNING the default" },
  verbose: { flag: '--verbose', short: '-v', kind: 'switch', ...onOff, group: 'Output', help: 'log each LLM request: node, strategy, tokens, latency' },
  forceInheritDescriptions: { flag: '--force-inherit-descriptions', short: '-F', kind: 'switch', varKey: 'force_inherit_descriptions', path: 'forceInheritDescriptions', ...onOff, group: 'Inheritance', help: "replace existing descriptions with the nearest upstream one (a person's words are kept without it)" },
  skipAddColumns: { flag: '--skip-add-columns', kind: 'switch', varKey: 'skip_add_columns', path: 'skipAddColumns', ...onOff, group: 'Inheritance', help: 'do not add catalog columns missing from the YAML' },
  skipAddDataTypes: { flag: '--skip-add-data-types', kind: 'switch', varKey: 'skip_add_data_types', path: 'skipAddDataTypes', ...onOff, group: 'Inheritance', help: 'do not write data_type on added columns' },
  outputToLower: { flag: '--output-to-lower', kind: 'switch', varKey: 'output_to_lower', path: 'outputToLower', ...onOff, group: 'Inheritance', help: 'write added column names and data types in lowercase (default: the case the file already uses)' },
  outputToUpper: { flag: '--output-to-upper', kind: 'switch', varKey: 'output_to_upper', path: 'outputToUpper', ...onOff, group: 'Inheritance', help: 'write added column names and data types in uppercase' },
  sortBy: { flag: '--sort-by', arg: '<order>', kind: 'value', varKey: 'sort_by', path: 'sortBy', ...typed(parseSortBy), group: 'Inheritance', help: '`database` (catalog order) or `alphabetical`: sort the columns of written entries', defaultText: "keep the file's order" },
  addProgenitorToMeta: { flag: '--add-progenitor-to-meta', kind: 'switch', varKey: 'add_progenitor_to_meta', path: 'addProgenitorToMeta', ...onOff, group: 'Inheritance', help: 'record in meta.osmosis_progenitor the node where an inherited text was first written' },
  skipInheritDescriptions: { flag: '--skip-inherit-descriptions', kind: 'switch', varKey: 'skip_inherit_descriptions', path: 'skipInheritDescriptions', ...onOff, group: 'Inheritance', help: 'upstream column tags and meta still come down, descriptions do not (wins over --force-inherit-descriptions)' },
  skipAddSourceColumns: { flag: '--skip-add-source-columns', kind: 'switch', varKey: 'skip_add_source_columns', path: 'skipAddSourceColumns', ...onOff, group: 'Inheritance', help: 'do not add catalog columns to sources (models and seeds still get theirs)' },
  skipAddTags: { flag: '--skip-add-tags', kind: 'switch', varKey: 'skip_add_tags', path: 'skipAddTags', ...onOff, group: 'Inheritance', help: 'do not copy upstream column tags along with an inherited description' },
  skipMergeMeta: { flag: '--skip-merge-meta', kind: 'switch', varKey: 'skip_merge_meta', path: 'skipMergeMeta', ...onOff, group: 'Inheritance', help: 'do not merge upstream column meta along with an inherited description' },
  skipInheritanceForMetaKeys: { flag: '--skip-inheritance-for-meta-keys', arg: '<key>', kind: 'list', varKey: 'skip_inheritance_for_meta_keys', path: 'skipInheritanceForMetaKeys', ...typed(parseStringList, []), group: 'Inheritance', help: 'upstream meta keys that are never inherited; other keys still are (repeatable)' },
  addInheritanceForSpecifiedKeys: { flag: '--add-inheritance-for-specified-keys', arg: '<key>', kind: 'list', varKey: 'add_inheritance_for_specified_keys', path: 'addInheritanceForSpecifiedKeys', ...typed(parseStringList, []), group: 'Inheritance', help: 'column keys (e.g. policy_tags) also inherited from the nearest upstream column that has them (repeatable)' },
  useUnrenderedDescriptions: { flag: '--use-unrendered-descriptions', kind: 'switch', ...onOff, group: 'Inheritance', help: 'accepted for dbt-osmosis users; always on: descriptions are read from the YAML as written, so {{ doc() }} references flow down unrendered' },
  preferYamlValues: { flag: '--prefer-yaml-values', kind: 'switch', ...onOff, group: 'Inheritance', help: 'accepted for dbt-osmosis users; always on: every value is read from the YAML as written ({{ var() }} and {{ env_var() }} stay templates)' },
  numericPrecisionAndScale: { flag: '--numeric-precision-and-scale', kind: 'switch', varKey: 'numeric_precision_and_scale', path: 'numericPrecisionAndScale', ...onOff, group: 'Inheritance', help: 'write numeric data types with precision and scale, e.g. NUMBER(38,8) (default: NUMBER)' },
  stringLength: { flag: '--string-length', kind: 'switch', varKey: 'string_length', path: 'stringLength', ...onOff, group: 'Inheritance', help: 'write string data types with their length, e.g. VARCHAR(128) (default: VARCHAR)' },
  scaffoldEmptyConfigs: { flag: '--scaffold-empty-configs', kind: 'switch', varKey: 'scaffold_empty_configs', path: 'scaffoldEmptyConfigs', ...onOff, group: 'Inheritance', help: 'give new entries and columns an empty description: "" to fill in by hand', negationHelp: 'the default: no empty description is written (overrides scaffold_empty_configs in dbt_project.yml)' },
  fusionCompat: { flag: '--fusion-compat', kind: 'switch', ...onOff, group: 'Inheritance', help: 'refused: new tags and meta already follow each file (under config: where the file keeps them there, dbt 1.10 / Fusion style)', negationHelp: 'refused, as --fusion-compat' },
  includeExternal: { flag: '--include-external', kind: 'switch', ...onOff, group: 'Inheritance', help: 'refused: files of installed packages are replaced by `dbt deps`; run osmosis-ts in the package itself' },
  lineage: { flag: '--lineage', arg: '<mode>', kind: 'value', varKey: 'lineage', path: 'lineage', ...typed(parseBoolean, true), group: 'Inheritance', help: '`on`: inherit along column lineage read from the SQL (renames, casts, CTEs), name matching where it is unknown; `off`: name matching only (docs/lineage.md)', defaultText: 'on' },
  placeholder: { flag: '--placeholder', arg: '<text>', kind: 'list', varKey: 'placeholders', path: 'placeholders', ...typed(parseStringList, [...DEFAULT_PLACEHOLDERS]), group: 'Inheritance', help: 'a description that counts as missing (repeatable; replaces the defaults)' },
  synthesize: { flag: '--synthesize', kind: 'switch', path: 'synthesize', ...onOff, group: 'Synthesis', help: 'ask an LLM for what inheritance leaves missing' },
  review: { flag: '--review', kind: 'switch', varKey: 'review', path: 'review', ...onOff, group: 'Synthesis', help: 'with --synthesize: LLM text becomes proposals in .osmosis/proposals.jsonl for `osmosis-ts review`, not YAML (docs/review.md)' },
  synthesisMark: { kind: 'value', varKey: 'synthesis.mark', path: 'synthesisMark', ...text, help: 'the meta key `review apply` records provider, model and proposal id under' },
  reviewer: { flag: '--reviewer', arg: '<name>', kind: 'value', env: 'OSMOSIS_REVIEWER', ...text, group: 'Synthesis', help: 'who proposals and review actions are recorded as', defaultText: "git's user.name and user.email, else the OS user" },
  llmProvider: { flag: '--llm-provider', arg: '<name>', kind: 'value', env: 'LLM_PROVIDER', varKey: 'llm.provider', path: 'synthesis.llm.provider', ...typed(parseProvider, 'openai'), group: 'Synthesis', help: 'openai, azure-openai, anthropic, bedrock, google-gemini, ollama, lm-studio or openai-compatible' },
  llmModel: { flag: '--llm-model', arg: '<id>', kind: 'value', envHelp: 'OPENAI_MODEL, ANTHROPIC_MODEL, …', varKey: 'llm.model', path: 'synthesis.llm.model', ...text, group: 'Synthesis', help: 'model id (Azure: the deployment)' },
  llmBaseUrl: { flag: '--llm-base-url', arg: '<url>', kind: 'value', envHelp: 'OPENAI_BASE_URL, …', varKey: 'llm.base_url', path: 'synthesis.llm.baseUrl', ...typed(parseHttpUrl), group: 'Synthesis', help: 'endpoint of the provider or gateway' },
  llmApiKey: { kind: 'value', envHelp: 'OPENAI_API_KEY, …', varKey: 'llm.api_key', path: 'synthesis.llm.apiKey', ...text, help: 'the API key (prefer the environment variable)' },
  llmDeployment: { kind: 'value', varKey: 'llm.deployment', path: 'synthesis.llm.azureDeployment', ...text, help: 'azure-openai: the deployment (also the model id)' },
  llmApiVersion: { kind: 'value', envHelp: 'AZURE_OPENAI_API_VERSION', varKey: 'llm.api_version', path: 'synthesis.llm.azureApiVersion', ...text, help: 'azure-openai: the API version' },
  llmRegion: { kind: 'value', envHelp: 'AWS_REGION, AWS_DEFAULT_REGION', varKey: 'llm.region', path: 'synthesis.llm.awsRegion', ...text, help: 'bedrock: the AWS region' },
  llmTemperature: { flag: '--llm-temperature', arg: '<t>', kind: 'value', varKey: 'llm.temperature', path: 'synthesis.llm.temperature', ...typed(parseTemperature), group: 'Synthesis', help: 'sampling temperature, 0 to 2' },
  bulkThreshold: { flag: '--bulk-threshold', arg: '<n>', kind: 'value', varKey: 'llm.bulk_threshold', path: 'synthesis.bulkThreshold', ...typed(parseNonNegativeInt, 10), group: 'Synthesis', help: 'more than N missing columns in a node: one bulk JSON request; otherwise one request per column' },
  llmPromptFile: { flag: '--llm-prompt-file', arg: '<file>', kind: 'value', varKey: 'llm.prompt_file', path: 'synthesis.promptFile', ...path, group: 'Synthesis', help: 'prompt templates overriding the defaults (see prompts.example.yaml)' },
  llmStyleGuide: { flag: '--llm-style-guide', arg: '<file>', kind: 'value', varKey: 'llm.style_guide', path: 'synthesis.styleGuideFile', ...path, group: 'Synthesis', help: 'a style guide sent to the model as context' },
  llmMaxRepairs: { flag: '--llm-max-repairs', arg: '<n>', kind: 'value', varKey: 'llm.max_repairs', path: 'synthesis.maxRepairs', ...typed(parseNonNegativeInt, 2), group: 'Synthesis', help: 'repair requests after an invalid answer' },
  enrich: { flag: '--enrich', arg: '<fields>', kind: 'value', varKey: 'enrich.fields', path: 'synthesis.enrich.fields', ...typed(parseEnrichFields), group: 'Synthesis', help: 'with --synthesize: also ask for pii, tags, tests and/or purpose (comma list), each checked against a vocabulary; reviewed unless --enrich-apply (docs/enrich.md)' },
  enrichApply: { flag: '--enrich-apply', kind: 'switch', path: 'synthesis.enrich.apply', ...onOff, group: 'Synthesis', help: 'write enrichment values into the YAML instead of proposing them for review' },
  enrichTags: { kind: 'value', varKey: 'enrich.tags', path: 'synthesis.enrich.extraTags', ...typed(parseStringList, []), help: 'tags enrichment may use besides those the project already uses' },
  enrichPiiCategories: { kind: 'value', varKey: 'enrich.pii_categories', path: 'synthesis.enrich.piiCategories', ...typed(parseStringList, [...DEFAULT_PII_CATEGORIES]), help: 'the PII categories enrichment may answer' },
  enrichStyleExamples: { kind: 'value', varKey: 'enrich.style_examples', path: 'synthesis.enrich.styleExamples', ...typed(parseBoolean, true), help: "with --enrich: send a few of the project's own descriptions as examples of its voice" },
  llmSampleRows: { flag: '--llm-sample-rows', arg: '<n>', kind: 'value', path: 'synthesis.sampleRows', ...typed(parseNonNegativeInt, 5), group: 'Synthesis', help: 'rows of sample data a prompt carries (seeds: the first rows of the CSV)' },
  llmSampleCommand: { flag: '--llm-sample-command', arg: '<command>', kind: 'value', path: 'synthesis.sampleCommand.command', ...text, group: 'Synthesis', help: 'with --enrich: command printing a model\'s sample rows, {node} and {n} substituted (e.g. "dbt show --select {node} --limit {n} --output json")' },
  llmSampleTimeout: { flag: '--llm-sample-timeout', arg: '<seconds>', kind: 'value', path: 'synthesis.sampleCommand.timeoutSeconds', ...typed(parsePositiveNumber, 30), group: 'Synthesis', help: 'time limit of one --llm-sample-command run; the node then goes without sample' },
  llmMaxSqlTokens: { kind: 'value', varKey: 'llm.max_sql_tokens', path: 'synthesis.maxSqlTokens', ...typed(parseNonNegativeInt, 3000), help: 'token limit for the SQL carried in a prompt' },
  llmMaxUpstreamTokens: { kind: 'value', varKey: 'llm.max_upstream_tokens', path: 'synthesis.maxUpstreamTokens', ...typed(parseNonNegativeInt, 2000), help: 'token limit for the upstream column docs carried in a prompt' },
  llmMaxOutputTokensPerColumn: { kind: 'value', varKey: 'llm.max_output_tokens_per_column', path: 'synthesis.maxOutputTokensPerColumn', ...typed(parseNonNegativeInt, 200), help: 'output tokens allowed for one column' },
  llmConcurrency: { flag: '--llm-concurrency', arg: '<n>', kind: 'value', varKey: 'llm.concurrency', path: 'synthesis.concurrency', ...typed(parsePositiveInt, 8), group: 'LLM transport', help: 'LLM calls in flight at once' },
  llmRpm: { flag: '--llm-rpm', arg: '<n>', kind: 'value', varKey: 'llm.rpm', varAliases: ['llm.requests_per_minute'], path: 'synthesis.requestsPerMinute', ...typed(parsePositiveInt), group: 'LLM transport', help: 'at most N requests per minute' },
  llmTimeout: { flag: '--llm-timeout', arg: '<seconds>', kind: 'value', varKey: 'llm.timeout', path: 'synthesis.llm.timeoutSeconds', ...typed(parsePositiveNumber, 120), group: 'LLM transport', help: 'per-request timeout' },
  llmMaxRetries: { flag: '--llm-max-retries', arg: '<n>', kind: 'value', varKey: 'llm.max_retries', path: 'synthesis.llm.maxRetries', ...typed(parseNonNegativeInt, 4), group: 'LLM transport', help: 'retries of 408/409/429/5xx, timeouts and resets' },
  llmMaxCost: { flag: '--llm-max-cost', arg: '<usd>', kind: 'value', varKey: 'llm.max_cost', path: 'synthesis.maxCostUsd', ...typed(parseNonNegativeNumber), group: 'Cache and cost', help: 'hard budget for this run: spend never exceeds it (exit 4 when reached)' },
  llmDryRun: { flag: '--llm-dry-run', kind: 'switch', path: 'synthesis.llmDryRun', ...onOff, group: 'Cache and cost', help: 'make no LLM call and write nothing: print calls, tokens, USD, cache hits and what fits the budget' },
  llmCachePath: { flag: '--llm-cache-path', arg: '<file>', kind: 'value', varKey: 'llm.cache_path', path: 'synthesis.cachePath', ...path, group: 'Cache and cost', help: 'SQLite response cache', defaultText: '$XDG_CACHE_HOME/osmosis-ts/llm-cache.sqlite' },
  llmCache: { flag: '--no-llm-cache', kind: 'switch', varKey: 'llm.cache', path: 'synthesis.cachePath', ...typed(parseBoolean, true), group: 'Cache and cost', help: 'neither read nor write the response cache' },
  llmBatch: { flag: '--llm-batch', kind: 'switch', varKey: 'llm.batch', path: 'synthesis.batch', ...onOff, group: 'Cache and cost', help: "send requests through the provider's batch API (OpenAI, Azure OpenAI global-batch deployments, Anthropic): half price, no rate limits, answers within hours; a wave of ready nodes per batch, resumed by the next run" },
  llmBatchWait: { flag: '--llm-batch-wait', arg: '<duration>', kind: 'value', varKey: 'llm.batch_wait', path: 'synthesis.batch.waitSeconds', ...typed(parseDurationSeconds), group: 'Cache and cost', help: 'with --llm-batch: stop waiting after this long (e.g. 30m, 2h) and exit 5; run again to collect', defaultText: 'until done' },
  llmBatchPoll: { flag: '--llm-batch-poll', arg: '<duration>', kind: 'value', varKey: 'llm.batch_poll', path: 'synthesis.batch.pollSeconds', ...typed(parseDurationSeconds, 30), group: 'Cache and cost', help: 'with --llm-batch: time between status checks of a running batch', defaultText: '30s' },
  llmPrices: { kind: 'value', varKey: 'llm.prices', path: 'synthesis.priceOverrides', ...typed<unknown>((raw) => raw, {}), help: 'USD per million tokens by model id: {input_per_mtok, output_per_mtok, and optionally cached_input_per_mtok, cache_write_per_mtok}; an entry replaces the price table\'s whole price, so cache prices it leaves out are billed at input_per_mtok' },
  llmStats: { flag: '--llm-stats', kind: 'switch', ...onOff, group: 'Cache and cost', help: 'print calls, cache hits, tokens and USD at the end' },
} as const satisfies Record<string, SettingSpec<unknown>>;

export type Options = typeof OPTIONS;
export type OptionKey = keyof Options;

/** The typed value a setting resolves to. */
export type ValueOf<K extends OptionKey> = ReturnType<Options[K]['parse']>;

/** The names of every setting, in table order. */
export const OPTION_KEYS = Object.keys(OPTIONS) as OptionKey[];

/** One setting's spec, widened for code that walks the table. */
export function specOf(key: OptionKey): SettingSpec {
  return OPTIONS[key] as SettingSpec;
}

/** `-s, --select <selector...>`: the commander syntax of a flag. */
export function flagSyntax(spec: SettingSpec): string {
  return `${spec.short ? `${spec.short}, ` : ''}${spec.flag ?? ''}${spec.arg ? ` ${spec.arg}` : ''}`;
}

/** The default as help shows it: the text given, else the typed value (lists are not shown). */
export function defaultHelp(spec: SettingSpec): string | undefined {
  if (spec.defaultText !== undefined) return spec.defaultText;
  const value = spec.default;
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return undefined;
}

/** `vars: dbt-osmosis: llm:` keys the table knows (an unknown one there is a typo: an error). */
export const LLM_VAR_KEYS: readonly string[] = OPTION_KEYS.flatMap((key) => {
  const spec = specOf(key);
  return [spec.varKey, ...(spec.varAliases ?? [])].filter((k): k is string => k?.startsWith('llm.') === true).map((k) => k.slice('llm.'.length));
});
