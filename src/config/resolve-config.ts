import type { DocumentOptions, SynthesisOptions } from './types.js';
import type { ConfigOrigin, ConfigOrigins } from './origins.js';
import { fromFlag } from './pick-setting.js';
import { readOsmosisVars } from './project-vars.js';
import { readPriceOverrides } from './read-price-overrides.js';
import type { RawFlags } from './read-flags.js';
import { resolveLlmFromVars } from './resolve-llm-settings.js';
import { optionalOption, pickOption, resolveOption, type OptionContext } from './resolve-option.js';
import { defaultCachePath, resolvePath, type PathBases } from './resolve-path.js';
import { ConfigError } from './errors.js';
import { resolveParityOptions } from './resolve-parity-options.js';
import { resolveEnrichSettings, resolveSampleCommand } from './resolve-enrich-settings.js';
import { OPTIONS } from './options-table.js';

type Env = Record<string, string | undefined>;

export interface ResolveConfigInput {
  flags: RawFlags;
  env: Env;
  /** The `vars` mapping of dbt_project.yml, already parsed (undefined when there is none). */
  dbtProjectVars: unknown;
  /** The project folder, already resolved (see `resolveProjectDir` and the CLI's `locateProjectDir`). */
  projectDir: string;
  /** Where `projectDir` came from (flag, env DBT_PROJECT_DIR); default when not given. */
  projectDirOrigin?: ConfigOrigin;
  homedir: string;
  /** Working directory relative flags are read against; defaults to `projectDir`. */
  cwd?: string;
}

/** A project folder with the layer it came from. */
export interface ResolvedProjectDir {
  dir: string;
  origin: ConfigOrigin;
}

/**
 * `--project-dir` > `DBT_PROJECT_DIR` > the working directory; resolved against `cwd`. The one
 * place the project folder's own layers are read (the CLI adds the upward search for dbt_project.yml).
 */
export function resolveProjectDirWithOrigin(flags: RawFlags, env: Env, cwd: string, homedir: string): ResolvedProjectDir {
  const ctx: OptionContext = { flags, env, vars: readOsmosisVars(undefined), origins: {}, bases: { cwd, projectDir: cwd, homedir } };
  const picked = pickOption('projectDir', ctx);
  return picked === undefined ? { dir: resolvePath('.', cwd, homedir), origin: { kind: 'default' } } : { dir: picked.value, origin: picked.origin };
}

/** `resolveProjectDirWithOrigin` without the origin. */
export function resolveProjectDir(flags: RawFlags, env: Env, cwd: string, homedir: string): string {
  return resolveProjectDirWithOrigin(flags, env, cwd, homedir).dir;
}

function resolveSynthesis(ctx: OptionContext, used: boolean): SynthesisOptions {
  const { flags, vars, origins } = ctx;
  // `--dry-run` is free: with --synthesize it plans and prices like --llm-dry-run, no call.
  const llmDryRun = flags.llmDryRun === true || (used && flags.dryRun === true);
  origins['synthesis.llmDryRun'] = llmDryRun ? fromFlag(flags.llmDryRun === true ? '--llm-dry-run' : '--dry-run', true).origin : { kind: 'default' };

  const options: SynthesisOptions = {
    llm: resolveLlmFromVars(flags, ctx.env, vars, origins, {
      requireKey: used && !llmDryRun,
      originPrefix: 'synthesis.llm',
    }),
    llmDryRun,
    ...(llmDryRun && flags.llmDryRun !== true ? { useCachedAnswers: true } : {}),
    concurrency: resolveOption('llmConcurrency', ctx),
    bulkThreshold: resolveOption('bulkThreshold', ctx),
    maxRepairs: resolveOption('llmMaxRepairs', ctx),
    maxSqlTokens: resolveOption('llmMaxSqlTokens', ctx),
    maxUpstreamTokens: resolveOption('llmMaxUpstreamTokens', ctx),
    maxOutputTokensPerColumn: resolveOption('llmMaxOutputTokensPerColumn', ctx),
    priceOverrides: readPriceOverrides(vars, ctx.env),
  };
  // Read entry by entry above; this records where they came from (or `default`: none).
  resolveOption('llmPrices', ctx);

  const maxCostUsd = optionalOption('llmMaxCost', ctx);
  if (maxCostUsd !== undefined) options.maxCostUsd = maxCostUsd;
  const rpm = optionalOption('llmRpm', ctx);
  if (rpm !== undefined) options.requestsPerMinute = rpm;

  if (resolveOption('llmBatch', ctx)) {
    options.batch = { pollSeconds: resolveOption('llmBatchPoll', ctx) };
    const wait = optionalOption('llmBatchWait', ctx);
    if (wait !== undefined) options.batch.waitSeconds = wait;
  }

  const promptFile = optionalOption('llmPromptFile', ctx);
  if (promptFile !== undefined) options.promptFile = promptFile;
  const styleGuide = optionalOption('llmStyleGuide', ctx);
  if (styleGuide !== undefined) options.styleGuideFile = styleGuide;

  const enrich = resolveEnrichSettings(ctx, used);
  if (enrich !== undefined) options.enrich = enrich;
  const sampleRows = resolveOption('llmSampleRows', ctx);
  // Set only when not the default, so runs without the flag resolve to the options they had.
  if (sampleRows !== OPTIONS.llmSampleRows.default) options.sampleRows = sampleRows;
  const sampleCommand = resolveSampleCommand(ctx);
  if (sampleCommand !== undefined && enrich === undefined && used) {
    throw new ConfigError('--llm-sample-command feeds enrichment prompts: add --enrich FIELDS (or drop the command).');
  }
  if (sampleCommand !== undefined) options.sampleCommand = sampleCommand;

  if (resolveOption('llmCache', ctx)) {
    options.cachePath = optionalOption('llmCachePath', ctx) ?? defaultCachePath(ctx.env, ctx.bases.homedir);
  }
  return options;
}

/**
 * All options of `yaml document`, with where each came from: flag > environment >
 * `vars: dbt-osmosis:` in dbt_project.yml > default, as the options table lists them. Pure: reads
 * no file and no `process`. Throws `ConfigError` naming the flag, variable or key path of a bad value.
 */
export function resolveDocumentOptionsWithOrigins(input: ResolveConfigInput): {
  options: DocumentOptions;
  origins: ConfigOrigins;
} {
  const { flags, env } = input;
  const vars = readOsmosisVars(input.dbtProjectVars);
  const bases: PathBases = { cwd: input.cwd ?? input.projectDir, projectDir: input.projectDir, homedir: input.homedir };
  const origins: ConfigOrigins = { projectDir: input.projectDirOrigin ?? { kind: 'default' } };
  const ctx: OptionContext = { flags, env, vars, origins, bases };

  // `--llm-dry-run` plans a synthesis, so it implies `--synthesize`.
  const synthesize = flags.synthesize === true || flags.llmDryRun === true;
  origins['positional'] = (flags.positional ?? []).length > 0 ? fromFlag('[selector...]', true).origin : { kind: 'default' };
  origins['synthesize'] = synthesize
    ? fromFlag(flags.synthesize === true ? '--synthesize' : '--llm-dry-run', true).origin
    : { kind: 'default' };

  const options: DocumentOptions = {
    projectDir: input.projectDir,
    select: resolveOption('select', ctx),
    exclude: resolveOption('exclude', ctx),
    positional: [...(flags.positional ?? [])],
    dryRun: resolveOption('dryRun', ctx),
    check: resolveOption('check', ctx),
    forceInheritDescriptions: resolveOption('forceInheritDescriptions', ctx),
    skipAddColumns: resolveOption('skipAddColumns', ctx),
    skipAddDataTypes: resolveOption('skipAddDataTypes', ctx),
    addProgenitorToMeta: resolveOption('addProgenitorToMeta', ctx),
    lineage: resolveOption('lineage', ctx),
    placeholders: resolveOption('placeholder', ctx),
    synthesize,
    ...resolveParityOptions(ctx),
  };
  // Set only when on, so a run without review resolves to the same options as before it existed.
  if (resolveOption('review', ctx)) options.review = true;
  const mark = optionalOption('synthesisMark', ctx);
  if (mark !== undefined) options.synthesisMark = mark;
  const targetPath = optionalOption('targetPath', ctx);
  if (targetPath !== undefined) options.targetPath = targetPath;
  const manifestPath = optionalOption('manifestPath', ctx);
  if (manifestPath !== undefined) options.manifestPath = manifestPath;
  const catalogPath = optionalOption('catalogPath', ctx);
  if (catalogPath !== undefined) options.catalogPath = catalogPath;
  // Settings are checked whether or not they are used: a bad --llm-max-cost or provider is exit 2
  // even without --synthesize, so a typo in CI never passes silently.
  const synthesis = resolveSynthesis({ ...ctx, origins: synthesize ? origins : {} }, synthesize);
  if (synthesize) options.synthesis = synthesis;
  // The writing side reads these (docs/enrich.md: where values are written, review).
  if (synthesize && synthesis.enrich !== undefined) {
    if (synthesis.enrich.apply) options.enrichApply = true;
    options.enrichKeys = synthesis.enrich.keys;
  }
  const toLower = resolveOption('outputToLower', ctx);
  const toUpper = resolveOption('outputToUpper', ctx);
  if (toLower && toUpper) throw new ConfigError('--output-to-lower and --output-to-upper: give at most one (they force opposite cases).');
  if (toLower || toUpper) options.outputCase = toLower ? 'lower' : 'upper';
  const sortBy = optionalOption('sortBy', ctx);
  if (sortBy !== undefined) options.sortBy = sortBy;
  return { options, origins };
}

/** `resolveDocumentOptionsWithOrigins` without the origins. */
export function resolveDocumentOptions(input: ResolveConfigInput): DocumentOptions {
  return resolveDocumentOptionsWithOrigins(input).options;
}
