import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import type { RawFlags } from '../../src/config/read-flags.js';
import {
  resolveDocumentOptions,
  resolveDocumentOptionsWithOrigins,
  resolveProjectDir,
} from '../../src/config/resolve-config.js';
import { DEFAULT_PLACEHOLDERS } from '../../src/config/types.js';

const KEY = 'sk-hidden-000';

function resolve(flags: RawFlags, env: Record<string, string> = {}, llm?: unknown, top: Record<string, unknown> = {}) {
  return resolveDocumentOptionsWithOrigins({
    flags,
    env: { OPENAI_API_KEY: KEY, ...env },
    dbtProjectVars: { 'dbt-osmosis': { ...top, ...(llm === undefined ? {} : { llm }) } },
    projectDir: '/proj',
    homedir: '/home/u',
    cwd: '/work',
  });
}

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('config-invalid');
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveDocumentOptions defaults', () => {
  it('fills the documented defaults and resolves no provider without --synthesize', () => {
    const options = resolveDocumentOptions({ flags: {}, env: {}, dbtProjectVars: undefined, projectDir: '/proj', homedir: '/h' });
    expect(options).toEqual({
      projectDir: '/proj',
      select: [],
      exclude: [],
      positional: [],
      dryRun: false,
      check: false,
      forceInheritDescriptions: false,
      skipAddColumns: false,
      skipAddDataTypes: false,
      addProgenitorToMeta: false,
      lineage: true,
      placeholders: [...DEFAULT_PLACEHOLDERS],
      skipAddSourceColumns: false,
      skipInheritDescriptions: false,
      skipAddTags: false,
      skipMergeMeta: false,
      skipInheritanceForMetaKeys: [],
      addInheritanceForSpecifiedKeys: [],
      numericPrecisionAndScale: false,
      stringLength: false,
      scaffoldEmptyConfigs: false,
      stripEofBlankLines: false,
      synthesize: false,
    });
  });

  it('checks the LLM settings even without --synthesize: a bad budget or provider is refused, not ignored', () => {
    const run = (flags: Record<string, unknown>) => () =>
      resolveDocumentOptions({ flags, env: {}, dbtProjectVars: undefined, projectDir: '/proj', homedir: '/h' });
    expect(run({ llmMaxCost: '-1' })).toThrow(/--llm-max-cost: expected a number of 0 or more, got '-1'/);
    expect(run({ llmProvider: 'nonsense' })).toThrow(/nonsense/);
    // A key is only needed when a call would be made.
    expect(run({ llmProvider: 'anthropic' })).not.toThrow();
  });

  it('reads the dbt-osmosis knobs from vars.dbt-osmosis in its own spelling, flags first', () => {
    const options = resolveDocumentOptions({
      flags: { skipAddTags: true, addInheritanceForSpecifiedKeys: ['policy_tags'] },
      env: {},
      dbtProjectVars: { 'dbt-osmosis': { 'skip-merge-meta': true, skip_add_tags: false, add_inheritance_for_specified_keys: ['x'], formatter: 'prettier --write' } },
      projectDir: '/proj',
      homedir: '/h',
    });
    expect(options).toMatchObject({ skipAddTags: true, skipMergeMeta: true, addInheritanceForSpecifiedKeys: ['policy_tags'], formatter: 'prettier --write' });
  });

  it('turns lineage off by --lineage off or vars: dbt-osmosis: lineage:, the flag winning', () => {
    const base = { env: {}, projectDir: '/proj', homedir: '/h' };
    expect(resolveDocumentOptions({ ...base, flags: { lineage: 'off' }, dbtProjectVars: undefined }).lineage).toBe(false);
    expect(resolveDocumentOptions({ ...base, flags: {}, dbtProjectVars: { 'dbt-osmosis': { lineage: 'off' } } }).lineage).toBe(false);
    expect(resolveDocumentOptions({ ...base, flags: { lineage: 'on' }, dbtProjectVars: { 'dbt-osmosis': { lineage: false } } }).lineage).toBe(true);
    expect(() => resolveDocumentOptions({ ...base, flags: { lineage: 'sometimes' }, dbtProjectVars: undefined })).toThrow(/--lineage/);
  });

  it('uses the synthesis defaults', () => {
    const s = resolve({ synthesize: true }).options.synthesis;
    expect(s).toMatchObject({
      concurrency: 8,
      bulkThreshold: 10,
      maxRepairs: 2,
      maxSqlTokens: 3000,
      maxUpstreamTokens: 2000,
      maxOutputTokensPerColumn: 200,
      llmDryRun: false,
      priceOverrides: {},
      cachePath: '/home/u/.cache/osmosis-ts/llm-cache.sqlite',
    });
    expect(s?.llm).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', timeoutSeconds: 120, maxRetries: 4 });
    expect(s?.maxCostUsd).toBeUndefined();
  });

  it('puts the cache under XDG_CACHE_HOME when it is absolute, and drops it with --no-llm-cache', () => {
    expect(resolve({ synthesize: true }, { XDG_CACHE_HOME: '/xdg' }).options.synthesis?.cachePath).toBe(
      '/xdg/osmosis-ts/llm-cache.sqlite',
    );
    expect(resolve({ synthesize: true }, { XDG_CACHE_HOME: 'rel' }).options.synthesis?.cachePath).toBe(
      '/home/u/.cache/osmosis-ts/llm-cache.sqlite',
    );
    expect(resolve({ synthesize: true, llmCache: false }).options.synthesis?.cachePath).toBeUndefined();
    expect(resolve({ synthesize: true }, {}, { cache: false }).options.synthesis?.cachePath).toBeUndefined();
  });
});

describe('precedence: flag > environment > dbt_project.yml > default', () => {
  it('takes each layer in turn for the model', () => {
    const vars = { model: 'from-vars' };
    expect(resolve({ synthesize: true, llmModel: 'from-flag' }, { OPENAI_MODEL: 'from-env' }, vars).options.synthesis?.llm.model).toBe('from-flag');
    expect(resolve({ synthesize: true }, { OPENAI_MODEL: 'from-env' }, vars).options.synthesis?.llm.model).toBe('from-env');
    const fromVars = resolve({ synthesize: true }, {}, vars);
    expect(fromVars.options.synthesis?.llm.model).toBe('from-vars');
    expect(fromVars.origins['synthesis.llm.model']).toEqual({ kind: 'dbt_project.yml', key: 'vars.dbt-osmosis.llm.model' });
    expect(resolve({ synthesize: true }).origins['synthesis.llm.model']).toEqual({ kind: 'default' });
  });

  it('takes the provider from flag, then LLM_PROVIDER, then vars', () => {
    const env = { LLM_PROVIDER: 'ollama', ANTHROPIC_API_KEY: 'a' };
    expect(resolve({ synthesize: true, llmProvider: 'anthropic' }, env, { provider: 'lm-studio' }).options.synthesis?.llm.provider).toBe('anthropic');
    expect(resolve({ synthesize: true }, env, { provider: 'lm-studio' }).options.synthesis?.llm.provider).toBe('ollama');
    const fromVars = resolve({ synthesize: true }, {}, { provider: 'ollama', model: 'qwen2.5' });
    expect(fromVars.options.synthesis?.llm).toMatchObject({ provider: 'ollama', model: 'qwen2.5' });
  });

  it('ignores the vars model when another layer picked a different provider', () => {
    const result = resolve({ synthesize: true, llmProvider: 'ollama' }, {}, { provider: 'openai', model: 'gpt-4.1' });
    expect(result.options.synthesis?.llm.model).toBe('llama3.1');
  });

  it('reads numbers from flags (strings) over vars (numbers), both snake and kebab keys', () => {
    const llm = { concurrency: 2, 'max-cost': 5, bulk_threshold: 3, timeout: 30, 'max_retries': 1, temperature: 0.5, rpm: 60 };
    const fromVars = resolve({ synthesize: true }, {}, llm).options.synthesis;
    expect(fromVars).toMatchObject({ concurrency: 2, maxCostUsd: 5, bulkThreshold: 3, requestsPerMinute: 60 });
    expect(fromVars?.llm).toMatchObject({ timeoutSeconds: 30, maxRetries: 1, temperature: 0.5 });
    const fromFlags = resolve(
      { synthesize: true, llmConcurrency: '4', llmMaxCost: '1.00', bulkThreshold: '0', llmTimeout: '9.5', llmMaxRetries: '0', llmTemperature: '0', llmRpm: '10' },
      {},
      llm,
    ).options.synthesis;
    expect(fromFlags).toMatchObject({ concurrency: 4, maxCostUsd: 1, bulkThreshold: 0, requestsPerMinute: 10 });
    expect(fromFlags?.llm).toMatchObject({ timeoutSeconds: 9.5, maxRetries: 0, temperature: 0 });
  });

  it('takes inheritance knobs from flags over vars', () => {
    const top = { 'skip-add-columns': true, skip_add_data_types: 'true', add_progenitor_to_meta: true };
    const fromVars = resolve({}, {}, undefined, top).options;
    expect(fromVars).toMatchObject({ skipAddColumns: true, skipAddDataTypes: true, addProgenitorToMeta: true, forceInheritDescriptions: false });
    expect(resolve({ skipAddColumns: false }, {}, undefined, top).options.skipAddColumns).toBe(false);
  });

  it('uses --placeholder over vars placeholders over the defaults', () => {
    const top = { placeholders: ['TBD'] };
    expect(resolve({ placeholder: ['x', 'y'] }, {}, undefined, top).options.placeholders).toEqual(['x', 'y']);
    expect(resolve({}, {}, undefined, top).options.placeholders).toEqual(['TBD']);
    expect(resolve({ placeholder: [] }).options.placeholders).toEqual([...DEFAULT_PLACEHOLDERS]);
  });

  it('resolves flag paths against cwd and dbt_project.yml paths against the project', () => {
    const llm = { prompt_file: 'prompts.yaml', style_guide: '~/style.md', cache_path: '.cache/llm.sqlite' };
    const fromVars = resolve({ synthesize: true }, {}, llm).options.synthesis;
    expect(fromVars).toMatchObject({ promptFile: '/proj/prompts.yaml', styleGuideFile: '/home/u/style.md', cachePath: '/proj/.cache/llm.sqlite' });
    const fromFlags = resolve(
      { synthesize: true, llmPromptFile: 'p.yaml', llmCachePath: 'c.sqlite', manifestPath: 't/m.json', catalogPath: '/abs/c.json', targetPath: 'tgt' },
      {},
      llm,
    ).options;
    expect(fromFlags.synthesis).toMatchObject({ promptFile: '/work/p.yaml', cachePath: '/work/c.sqlite' });
    expect(fromFlags).toMatchObject({ manifestPath: '/work/t/m.json', catalogPath: '/abs/c.json', targetPath: '/work/tgt' });
  });

  it('reads per-model prices from vars', () => {
    const llm = { prices: { 'my-model': { input_per_mtok: 0.1, 'output-per-mtok': '0.4' } } };
    expect(resolve({ synthesize: true }, {}, llm).options.synthesis?.priceOverrides).toEqual({
      'my-model': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
    });
  });

  it('finds the project dir from --project-dir, then DBT_PROJECT_DIR, then cwd', () => {
    expect(resolveProjectDir({ projectDir: 'a' }, { DBT_PROJECT_DIR: '/b' }, '/cwd', '/h')).toBe('/cwd/a');
    expect(resolveProjectDir({}, { DBT_PROJECT_DIR: '/b' }, '/cwd', '/h')).toBe('/b');
    expect(resolveProjectDir({}, {}, '/cwd', '/h')).toBe('/cwd');
  });

  it('--llm-dry-run implies synthesis and needs no key', () => {
    const options = resolveDocumentOptions({ flags: { llmDryRun: true }, env: {}, dbtProjectVars: {}, projectDir: '/p', homedir: '/h' });
    expect(options.synthesize).toBe(true);
    expect(options.synthesis?.llmDryRun).toBe(true);
    expect(options.synthesis?.llm.apiKey).toBeUndefined();
  });
});

describe('${VAR} in dbt_project.yml values', () => {
  it('reads the variable from the environment', () => {
    const llm = { model: '${MY_MODEL}', base_url: 'https://${HOST}/v1', max_cost: "{{ env_var('BUDGET', '2.5') }}" };
    const s = resolve({ synthesize: true }, { MY_MODEL: 'gpt-x', HOST: 'llm.local' }, llm).options.synthesis;
    expect(s?.llm).toMatchObject({ model: 'gpt-x', baseUrl: 'https://llm.local/v1' });
    expect(s?.maxCostUsd).toBe(2.5);
  });

  it('names the key and the variable when the variable is missing', () => {
    const error = configError(() => resolve({ synthesize: true }, {}, { model: '${NOPE_MODEL}' }));
    expect(error.message).toContain('vars.dbt-osmosis.llm.model in dbt_project.yml');
    expect(error.message).toContain('NOPE_MODEL');
  });

  it('does not complain about a missing variable in a value a flag overrides', () => {
    expect(resolve({ synthesize: true, llmModel: 'm' }, {}, { model: '${NOPE_MODEL}' }).options.synthesis?.llm.model).toBe('m');
  });
});

describe('errors name the key path', () => {
  it('a bad vars temperature', () => {
    const error = configError(() => resolve({ synthesize: true }, {}, { temperature: 'hot' }));
    expect(error.message).toBe("vars.dbt-osmosis.llm.temperature in dbt_project.yml: expected a number from 0 to 2, got 'hot'");
  });

  it('a bad flag', () => {
    expect(configError(() => resolve({ synthesize: true, llmConcurrency: '0' })).message).toBe(
      "--llm-concurrency: expected a positive integer, got '0'",
    );
    expect(configError(() => resolve({ synthesize: true, llmMaxCost: 'lots' })).message).toMatch(/^--llm-max-cost: /);
    expect(configError(() => resolve({ synthesize: true, llmBaseUrl: 'ftp://x' })).message).toMatch(/^--llm-base-url: expected an http\(s\) URL/);
  });

  it('an unknown key under llm, and a non-mapping', () => {
    expect(configError(() => resolve({}, {}, { modle: 'x' })).message).toMatch(/^vars\.dbt-osmosis\.llm\.modle in dbt_project\.yml: unknown key/);
    expect(configError(() => resolve({}, {}, 'openai')).message).toMatch(/^vars\.dbt-osmosis\.llm in dbt_project\.yml: expected a mapping/);
    expect(configError(() => resolve({}, {}, undefined, { placeholders: 'x' })).message).toMatch(/^vars\.dbt-osmosis\.placeholders in dbt_project\.yml: expected a list of strings/);
  });

  it('an incomplete price', () => {
    const error = configError(() => resolve({ synthesize: true }, {}, { prices: { m: { input_per_mtok: 1 } } }));
    expect(error.message).toMatch(/vars\.dbt-osmosis\.llm\.prices\.m\.output_per_mtok in dbt_project\.yml: missing/);
  });
});
