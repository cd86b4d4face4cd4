/** The options table is the one list of settings: these check what is derived from it. */
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { ConfigError } from '../../src/config/errors.js';
import { LLM_VAR_KEYS, OPTION_KEYS, specOf } from '../../src/config/options-table.js';
import { readFlags } from '../../src/config/read-flags.js';
import { readOsmosisVars } from '../../src/config/project-vars.js';
import { resolveDocumentOptionsWithOrigins } from '../../src/config/resolve-config.js';
import { userFacingName } from '../../src/config/setting-names.js';
import { addOptions, DOCUMENT_OPTION_KEYS } from '../../src/cli/add-options.js';

describe('the options table', () => {
  it('names each flag, short flag, environment variable and dbt_project.yml key once', () => {
    const seen = (pick: (key: (typeof OPTION_KEYS)[number]) => string[]) => OPTION_KEYS.flatMap(pick);
    for (const names of [
      seen((k) => (specOf(k).flag ? [specOf(k).flag as string] : [])),
      seen((k) => (specOf(k).short ? [specOf(k).short as string] : [])),
      seen((k) => (specOf(k).env ? [specOf(k).env as string] : [])),
      seen((k) => [specOf(k).varKey, ...(specOf(k).varAliases ?? [])].filter((v): v is string => v !== undefined)),
    ]) {
      expect(names.length).toBeGreaterThan(0);
      expect(new Set(names).size, names.join(' ')).toBe(names.length);
    }
  });

  it('keeps every default in the type its own parser returns', () => {
    for (const key of OPTION_KEYS) {
      const spec = specOf(key);
      if (spec.default === undefined) continue;
      expect(spec.parse(spec.default, key), key).toEqual(spec.default);
    }
  });

  it('gives commander one option per flag, named as the table names the setting', () => {
    const cmd = addOptions(new Command('document'), DOCUMENT_OPTION_KEYS);
    cmd.exitOverride().parse(['--llm-max-cost', '2', '-s', 'a', 'b', '--placeholder', 'x', '--placeholder', 'y', '--no-llm-cache'], { from: 'user' });
    const flags = readFlags(cmd.opts());
    expect(flags).toMatchObject({ llmMaxCost: '2', select: ['a', 'b'], placeholder: ['x', 'y'], llmCache: false });
    const resolved = resolveDocumentOptionsWithOrigins({ flags: { ...flags, synthesize: true, llmProvider: 'ollama' }, env: {}, dbtProjectVars: undefined, projectDir: '/p', homedir: '/h' });
    expect(resolved.options.synthesis?.maxCostUsd).toBe(2);
    expect(resolved.options.synthesis?.cachePath).toBeUndefined();
    expect(resolved.origins['synthesis.maxCostUsd']).toEqual({ kind: 'flag', flag: '--llm-max-cost' });
  });

  it('refuses a value of the wrong shape instead of passing it on untyped', () => {
    expect(() => readFlags({ select: 'a' })).toThrow(ConfigError);
    expect(() => readFlags({ dryRun: 'yes' })).toThrow(/--dry-run/);
    // A command's own options are not settings of the table: left for that command.
    expect(readFlags({ minCoverage: '80', dryRun: true })).toEqual({ dryRun: true });
  });

  it('accepts under vars: dbt-osmosis: llm: exactly the llm keys it lists, including the batch ones', () => {
    expect(LLM_VAR_KEYS).toEqual(expect.arrayContaining(['max_cost', 'batch', 'batch_wait', 'batch_poll', 'requests_per_minute', 'prices']));
    const vars = { 'dbt-osmosis': { llm: { batch: true, batch_poll: '1m' } } };
    expect(readOsmosisVars(vars).llm.get('batch')?.value).toBe(true);
    const { options, origins } = resolveDocumentOptionsWithOrigins({ flags: { synthesize: true, llmProvider: 'ollama' }, env: {}, dbtProjectVars: vars, projectDir: '/p', homedir: '/h' });
    expect(options.synthesis?.batch).toEqual({ pollSeconds: 60 });
    expect(origins['synthesis.batch']).toEqual({ kind: 'dbt_project.yml', key: 'vars.dbt-osmosis.llm.batch' });
    expect(() => readOsmosisVars({ 'dbt-osmosis': { llm: { max_cots: 1 } } })).toThrow(/llm\.max_cots in dbt_project\.yml: unknown key; expected one of .*max_cost/);
  });

  it('reads nested keys such as synthesis.mark, naming the key path of a bad value', () => {
    const resolve = (top: Record<string, unknown>) => resolveDocumentOptionsWithOrigins({ flags: {}, env: {}, dbtProjectVars: { 'dbt-osmosis': top }, projectDir: '/p', homedir: '/h' });
    expect(resolve({ synthesis: { mark: ' osmosis_synthesized ' } }).options.synthesisMark).toBe('osmosis_synthesized');
    expect(resolve({ synthesis: null }).options.synthesisMark).toBeUndefined();
    expect(() => resolve({ synthesis: 'yes' })).toThrow(/^vars\.dbt-osmosis\.synthesis in dbt_project\.yml: expected a mapping such as \{mark: …\}$/);
    expect(() => resolve({ synthesis: { mark: 3 } })).toThrow(/^vars\.dbt-osmosis\.synthesis\.mark in dbt_project\.yml: expected a non-empty string, got '3'$/);
  });

  it('names every setting with a path as users write it', () => {
    expect(userFacingName('synthesis.maxCostUsd')).toBe('--llm-max-cost / vars.dbt-osmosis.llm.max_cost');
    expect(userFacingName('projectDir')).toBe('--project-dir');
    expect(userFacingName('synthesis.maxSqlTokens')).toBe('vars.dbt-osmosis.llm.max_sql_tokens');
    for (const key of OPTION_KEYS) {
      const path = specOf(key).path;
      if (path !== undefined) expect(userFacingName(path), key).not.toBe(path);
    }
  });
});
