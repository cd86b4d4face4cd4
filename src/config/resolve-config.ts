import type { DocumentOptions, PriceOverride, SynthesisOptions } from './types.js';
import { DEFAULT_PLACEHOLDERS } from './types.js';
import type { ConfigOrigins } from './origins.js';
import {
  parseBoolean,
  parseDurationSeconds,
  parseNonNegativeInt,
  parseNonNegativeNumber,
  parsePositiveInt,
  parseString,
  parseStringList,
  type ValueParser,
} from './parse-values.js';
import { fromEnv, fromFlag, fromVars, pickOptional, pickOrDefault, pickSetting, type Candidate } from './pick-setting.js';
import { readOsmosisVars, type OsmosisVars, type VarEntry } from './project-vars.js';
import type { RawFlags } from './raw-flags.js';
import { resolveLlmFromVars } from './resolve-llm-settings.js';
import { baseFor, defaultCachePath, resolvePath, type PathBases } from './resolve-path.js';
import { ConfigError } from './errors.js';
import { resolveParityOptions } from './resolve-parity-options.js';
import { resolveEnrichSettings, resolveSampleCommand, resolveSampleRows, SAMPLE_DEFAULTS } from './resolve-enrich-settings.js';

type Env = Record<string, string | undefined>;

export interface ResolveConfigInput {
  flags: RawFlags;
  env: Env;
  /** The `vars` mapping of dbt_project.yml, already parsed (undefined when there is none). */
  dbtProjectVars: unknown;
  /** The project folder, already resolved (see `resolveProjectDir`). */
  projectDir: string;
  homedir: string;
  /** Working directory relative flags are read against; defaults to `projectDir`. */
  cwd?: string;
}

export const SYNTHESIS_DEFAULTS = {
  concurrency: 8,
  bulkThreshold: 10,
  maxRepairs: 2,
  maxSqlTokens: 3000,
  maxUpstreamTokens: 2000,
  maxOutputTokensPerColumn: 200,
  batchPollSeconds: 30,
} as const;

/** `--project-dir` > `DBT_PROJECT_DIR` > the working directory; resolved against `cwd`. */
export function resolveProjectDir(flags: RawFlags, env: Env, cwd: string, homedir: string): string {
  const picked = pickSetting(
    [fromFlag('--project-dir', flags.projectDir), fromEnv(env, 'DBT_PROJECT_DIR')],
    parseString,
    env,
  );
  return resolvePath(picked?.value ?? '.', cwd, homedir);
}

function pickPath(
  key: string,
  origins: ConfigOrigins,
  candidates: Candidate[],
  env: Env,
  bases: PathBases,
): string | undefined {
  const picked = pickSetting(candidates, parseString, env);
  if (picked === undefined) return undefined;
  origins[key] = picked.origin;
  return resolvePath(picked.value, baseFor(picked.origin.kind, bases), bases.homedir);
}

function pickFlagBoolean(
  key: string,
  origins: ConfigOrigins,
  flag: string,
  raw: boolean | undefined,
  entry: VarEntry | undefined,
  env: Env,
): boolean {
  // Commander leaves an absent boolean flag undefined; `false` is only an explicit `--no-…`.
  return pickOrDefault(key, origins, [fromFlag(flag, raw), fromVars(entry)], parseBoolean, env, false);
}

const parseSortBy: ValueParser<'database' | 'alphabetical'> = (raw, label) => {
  const value = parseString(raw, label).toLowerCase();
  if (value === 'database' || value === 'alphabetical') return value;
  throw new ConfigError(`${label}: expected 'database' (catalog order) or 'alphabetical', got '${String(raw)}'`);
};

function readPrices(vars: OsmosisVars, env: Env): Record<string, PriceOverride> {
  const prices: Record<string, PriceOverride> = {};
  for (const [model, entry] of vars.prices) {
    const fields = readOsmosisVars({ 'dbt-osmosis': entry.value }).top;
    const field = (name: string): number => {
      const found = fields.get(name);
      const picked = pickSetting(
        [{ raw: found?.value, origin: { kind: 'dbt_project.yml', key: `${entry.key}.${name}` } }],
        parseNonNegativeNumber,
        env,
      );
      if (picked === undefined) {
        throw new ConfigError(`${entry.key}.${name} in dbt_project.yml: missing; give USD per million tokens`);
      }
      return picked.value;
    };
    prices[model] = { inputPerMTok: field('input_per_mtok'), outputPerMTok: field('output_per_mtok') };
  }
  return prices;
}

function resolveSynthesis(
  flags: RawFlags,
  env: Env,
  vars: OsmosisVars,
  origins: ConfigOrigins,
  bases: PathBases,
  used: boolean,
): SynthesisOptions {
  const llm = vars.llm;
  // `--dry-run` is free: with --synthesize it plans and prices like --llm-dry-run, no call.
  const llmDryRun = flags.llmDryRun === true || (used && flags.dryRun === true);
  origins['synthesis.llmDryRun'] = llmDryRun ? fromFlag(flags.llmDryRun === true ? '--llm-dry-run' : '--dry-run', true).origin : { kind: 'default' };
  const int = (key: string, flag: string, raw: unknown, varKey: string, fallback: number) =>
    pickOrDefault(`synthesis.${key}`, origins, [fromFlag(flag, raw), fromVars(llm.get(varKey))], parseNonNegativeInt, env, fallback);

  const options: SynthesisOptions = {
    llm: resolveLlmFromVars(flags, env, vars, origins, {
      requireKey: used && !llmDryRun,
      originPrefix: 'synthesis.llm',
    }),
    llmDryRun,
    ...(llmDryRun && flags.llmDryRun !== true ? { useCachedAnswers: true } : {}),
    concurrency: pickOrDefault(
      'synthesis.concurrency',
      origins,
      [fromFlag('--llm-concurrency', flags.llmConcurrency), fromVars(llm.get('concurrency'))],
      parsePositiveInt,
      env,
      SYNTHESIS_DEFAULTS.concurrency,
    ),
    bulkThreshold: int('bulkThreshold', '--bulk-threshold', flags.bulkThreshold, 'bulk_threshold', SYNTHESIS_DEFAULTS.bulkThreshold),
    maxRepairs: int('maxRepairs', '--llm-max-repairs', flags.llmMaxRepairs, 'max_repairs', SYNTHESIS_DEFAULTS.maxRepairs),
    maxSqlTokens: int('maxSqlTokens', '--llm-max-sql-tokens', undefined, 'max_sql_tokens', SYNTHESIS_DEFAULTS.maxSqlTokens),
    maxUpstreamTokens: int('maxUpstreamTokens', '--llm-max-upstream-tokens', undefined, 'max_upstream_tokens', SYNTHESIS_DEFAULTS.maxUpstreamTokens),
    maxOutputTokensPerColumn: int('maxOutputTokensPerColumn', '--llm-max-output-tokens', undefined, 'max_output_tokens_per_column', SYNTHESIS_DEFAULTS.maxOutputTokensPerColumn),
    priceOverrides: readPrices(vars, env),
  };
  if (vars.prices.size > 0) origins['synthesis.priceOverrides'] = fromVars(llm.get('prices')).origin;

  const maxCostUsd = pickOptional(
    'synthesis.maxCostUsd',
    origins,
    [fromFlag('--llm-max-cost', flags.llmMaxCost), fromVars(llm.get('max_cost'))],
    parseNonNegativeNumber,
    env,
  );
  if (maxCostUsd !== undefined) options.maxCostUsd = maxCostUsd;

  const rpm = pickOptional(
    'synthesis.requestsPerMinute',
    origins,
    [fromFlag('--llm-rpm', flags.llmRpm), fromVars(llm.get('rpm') ?? llm.get('requests_per_minute'))],
    parsePositiveInt,
    env,
  );
  if (rpm !== undefined) options.requestsPerMinute = rpm;

  const batch = pickOrDefault('synthesis.batch', origins, [fromFlag('--llm-batch', flags.llmBatch), fromVars(llm.get('batch'))], parseBoolean, env, false);
  if (batch) {
    options.batch = {
      pollSeconds: pickOrDefault('synthesis.batch.pollSeconds', origins, [fromFlag('--llm-batch-poll', flags.llmBatchPoll), fromVars(llm.get('batch_poll'))], parseDurationSeconds, env, SYNTHESIS_DEFAULTS.batchPollSeconds),
    };
    const wait = pickOptional('synthesis.batch.waitSeconds', origins, [fromFlag('--llm-batch-wait', flags.llmBatchWait), fromVars(llm.get('batch_wait'))], parseDurationSeconds, env);
    if (wait !== undefined) options.batch.waitSeconds = wait;
  }

  const promptFile = pickPath('synthesis.promptFile', origins, [fromFlag('--llm-prompt-file', flags.llmPromptFile), fromVars(llm.get('prompt_file'))], env, bases);
  if (promptFile !== undefined) options.promptFile = promptFile;
  const styleGuide = pickPath('synthesis.styleGuideFile', origins, [fromFlag('--llm-style-guide', flags.llmStyleGuide), fromVars(llm.get('style_guide'))], env, bases);
  if (styleGuide !== undefined) options.styleGuideFile = styleGuide;

  const enrich = resolveEnrichSettings(flags, env, vars, origins, used);
  if (enrich !== undefined) options.enrich = enrich;
  const sampleRows = resolveSampleRows(flags, env, origins);
  // Set only when not the default, so runs without the flag resolve to the options they had.
  if (sampleRows !== SAMPLE_DEFAULTS.rows) options.sampleRows = sampleRows;
  const sampleCommand = resolveSampleCommand(flags, env, origins);
  if (sampleCommand !== undefined && flags.llmSampleCommand !== undefined && enrich === undefined && used) {
    throw new ConfigError('--llm-sample-command feeds enrichment prompts: add --enrich FIELDS (or drop the command).');
  }
  if (sampleCommand !== undefined) options.sampleCommand = sampleCommand;

  const cacheOn = pickOrDefault('synthesis.cachePath', origins, [fromFlag('--no-llm-cache', flags.llmCache === false ? false : undefined), fromVars(llm.get('cache'))], parseBoolean, env, true);
  if (cacheOn) {
    options.cachePath =
      pickPath('synthesis.cachePath', origins, [fromFlag('--llm-cache-path', flags.llmCachePath), fromVars(llm.get('cache_path'))], env, bases) ??
      defaultCachePath(env, bases.homedir);
  }
  return options;
}

/**
 * All options of `yaml document`, with where each came from: flag > environment >
 * `vars: dbt-osmosis:` in dbt_project.yml > default. Pure: reads no file and no `process`.
 * Throws `ConfigError` naming the flag, variable or key path of a bad value.
 */
export function resolveDocumentOptionsWithOrigins(input: ResolveConfigInput): {
  options: DocumentOptions;
  origins: ConfigOrigins;
} {
  const { flags, env } = input;
  const vars = readOsmosisVars(input.dbtProjectVars);
  const bases: PathBases = { cwd: input.cwd ?? input.projectDir, projectDir: input.projectDir, homedir: input.homedir };
  const origins: ConfigOrigins = { projectDir: flags.projectDir === undefined ? { kind: 'default' } : { kind: 'flag', flag: '--project-dir' } };
  const top = vars.top;
  const flagPath = (key: string, flag: string, raw: string | undefined, envVar?: string) =>
    pickPath(key, origins, [fromFlag(flag, raw), ...(envVar === undefined ? [] : [fromEnv(env, envVar)])], env, bases);

  const fromFlags = flags.placeholder !== undefined && flags.placeholder.length > 0;
  const placeholders = fromFlags
    ? [...(flags.placeholder ?? [])]
    : pickOrDefault('placeholders', origins, [fromVars(top.get('placeholders'))], parseStringList, env, [...DEFAULT_PLACEHOLDERS]);
  if (fromFlags) origins['placeholders'] = fromFlag('--placeholder', true).origin;

  // `--llm-dry-run` plans a synthesis, so it implies `--synthesize`.
  const synthesize = flags.synthesize === true || flags.llmDryRun === true;
  origins['synthesize'] = synthesize
    ? fromFlag(flags.synthesize === true ? '--synthesize' : '--llm-dry-run', true).origin
    : { kind: 'default' };

  const options: DocumentOptions = {
    projectDir: input.projectDir,
    select: [...(flags.select ?? [])],
    exclude: [...(flags.exclude ?? [])],
    positional: [...(flags.positional ?? [])],
    dryRun: pickFlagBoolean('dryRun', origins, '--dry-run', flags.dryRun, undefined, env),
    check: pickFlagBoolean('check', origins, '--check', flags.check, undefined, env),
    forceInheritDescriptions: pickFlagBoolean('forceInheritDescriptions', origins, '--force-inherit-descriptions', flags.forceInheritDescriptions, top.get('force_inherit_descriptions'), env),
    skipAddColumns: pickFlagBoolean('skipAddColumns', origins, '--skip-add-columns', flags.skipAddColumns, top.get('skip_add_columns'), env),
    skipAddDataTypes: pickFlagBoolean('skipAddDataTypes', origins, '--skip-add-data-types', flags.skipAddDataTypes, top.get('skip_add_data_types'), env),
    addProgenitorToMeta: pickFlagBoolean('addProgenitorToMeta', origins, '--add-progenitor-to-meta', flags.addProgenitorToMeta, top.get('add_progenitor_to_meta'), env),
    lineage: pickOrDefault('lineage', origins, [fromFlag('--lineage', flags.lineage), fromVars(top.get('lineage'))], parseBoolean, env, true),
    placeholders,
    synthesize,
    ...resolveParityOptions(flags, env, vars, origins),
  };
  // Set only when on, so a run without review resolves to the same options as before it existed.
  if (pickFlagBoolean('review', origins, '--review', flags.review, top.get('review'), env)) options.review = true;
  const mark = synthesisMark(top.get('synthesis'));
  if (mark !== undefined) options.synthesisMark = mark;
  const targetPath = flagPath('targetPath', '--target-path', flags.targetPath, 'DBT_TARGET_PATH');
  if (targetPath !== undefined) options.targetPath = targetPath;
  const manifestPath = flagPath('manifestPath', '--manifest-path', flags.manifestPath);
  if (manifestPath !== undefined) options.manifestPath = manifestPath;
  const catalogPath = flagPath('catalogPath', '--catalog-path', flags.catalogPath);
  if (catalogPath !== undefined) options.catalogPath = catalogPath;
  // Settings are checked whether or not they are used: a bad --llm-max-cost or provider is exit 2
  // even without --synthesize, so a typo in CI never passes silently.
  const synthesis = resolveSynthesis(flags, env, vars, synthesize ? origins : {}, bases, synthesize);
  if (synthesize) options.synthesis = synthesis;
  // The writing side reads these (docs/enrich.md: where values are written, review).
  if (synthesize && synthesis.enrich !== undefined) {
    if (synthesis.enrich.apply) options.enrichApply = true;
    options.enrichKeys = synthesis.enrich.keys;
  }
  const toLower = pickFlagBoolean('outputToLower', origins, '--output-to-lower', flags.outputToLower, top.get('output_to_lower'), env);
  const toUpper = pickFlagBoolean('outputToUpper', origins, '--output-to-upper', flags.outputToUpper, top.get('output_to_upper'), env);
  if (toLower && toUpper) throw new ConfigError('--output-to-lower and --output-to-upper: give at most one (they force opposite cases).');
  if (toLower || toUpper) options.outputCase = toLower ? 'lower' : 'upper';
  const sortBy = pickOptional('sortBy', origins, [fromFlag('--sort-by', flags.sortBy), fromVars(top.get('sort_by'))], parseSortBy, env);
  if (sortBy !== undefined) options.sortBy = sortBy;
  return { options, origins };
}

/** `vars: dbt-osmosis: synthesis: mark: <meta key>`, checked. */
function synthesisMark(entry: VarEntry | undefined): string | undefined {
  if (entry === undefined || entry.value === null || entry.value === undefined) return undefined;
  const value = entry.value as Record<string, unknown>;
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`${entry.key} in dbt_project.yml: expected a mapping such as {mark: osmosis_synthesized}`);
  const mark = value['mark'];
  if (mark === undefined || mark === null) return undefined;
  if (typeof mark !== 'string' || mark.trim() === '') throw new ConfigError(`${entry.key}.mark in dbt_project.yml: expected a meta key name (a non-empty string), got ${JSON.stringify(mark)}`);
  return mark.trim();
}

/** `resolveDocumentOptionsWithOrigins` without the origins. */
export function resolveDocumentOptions(input: ResolveConfigInput): DocumentOptions {
  return resolveDocumentOptionsWithOrigins(input).options;
}
