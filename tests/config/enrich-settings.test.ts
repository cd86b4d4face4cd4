import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import type { RawFlags } from '../../src/config/read-flags.js';
import { resolveDocumentOptions } from '../../src/config/resolve-config.js';
import { DEFAULT_ENRICH_KEYS, DEFAULT_PII_CATEGORIES } from '../../src/enrich/types.js';

function resolve(flags: RawFlags, enrich?: unknown) {
  return resolveDocumentOptions({
    flags,
    env: { OPENAI_API_KEY: 'sk-test' },
    dbtProjectVars: { 'dbt-osmosis': enrich === undefined ? {} : { enrich } },
    projectDir: '/proj',
    homedir: '/home/u',
  });
}

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('--enrich settings', () => {
  it('reads the comma list in field order, with the documented defaults', () => {
    const options = resolve({ synthesize: true, enrich: 'tests, PII' });
    expect(options.synthesis?.enrich).toEqual({
      fields: ['pii', 'tests'],
      extraTags: [],
      piiCategories: [...DEFAULT_PII_CATEGORIES],
      keys: DEFAULT_ENRICH_KEYS,
      styleExamples: true,
      apply: false,
    });
    expect(options.synthesis?.sampleRows).toBeUndefined();
    expect(resolve({ synthesize: true }).synthesis?.enrich).toBeUndefined();
  });

  it('refuses an unknown field naming the allowed ones, and --enrich without --synthesize', () => {
    expect(message(() => resolve({ synthesize: true, enrich: 'pii,owners' }))).toBe("--enrich: unknown field 'owners'; allowed: pii, tags, tests, purpose");
    expect(message(() => resolve({ enrich: 'pii' }))).toContain('add --synthesize');
    expect(message(() => resolve({ synthesize: true, enrichApply: true }))).toContain('--enrich pii,tags,tests,purpose');
  });

  it('reads vars: fields, tags, pii_categories, keys, style_examples; flags win', () => {
    const vars = { fields: ['purpose'], tags: ['gold'], pii_categories: ['name', 'email'], keys: { contains_pii: 'sensitive', business_purpose: 'why' }, style_examples: false };
    expect(resolve({ synthesize: true, enrichApply: true }, vars).synthesis?.enrich).toEqual({
      fields: ['purpose'],
      extraTags: ['gold'],
      piiCategories: ['name', 'email'],
      keys: { piiFlag: 'sensitive', piiCategory: 'pii_category', purpose: 'why' },
      styleExamples: false,
      apply: true,
    });
    expect(resolve({ synthesize: true, enrich: 'tags' }, vars).synthesis?.enrich?.fields).toEqual(['tags']);
    expect(message(() => resolve({ synthesize: true }, { field: ['pii'] }))).toContain('vars.dbt-osmosis.enrich.field in dbt_project.yml: unknown key');
    expect(message(() => resolve({ synthesize: true }, { keys: { pii: 'x' } }))).toContain('unknown key; expected one of contains_pii, pii_category, business_purpose');
  });

  it('reads the sample settings; a sample command needs --enrich', () => {
    const options = resolve({ synthesize: true, enrich: 'pii', llmSampleRows: '3', llmSampleCommand: 'dbt show -s {node} --limit {n}', llmSampleTimeout: '2.5' });
    expect(options.synthesis?.sampleRows).toBe(3);
    expect(options.synthesis?.sampleCommand).toEqual({ command: 'dbt show -s {node} --limit {n}', timeoutSeconds: 2.5 });
    expect(message(() => resolve({ synthesize: true, llmSampleCommand: 'x' }))).toContain('add --enrich');
    expect(message(() => resolve({ synthesize: true, llmSampleRows: 'many' }))).toContain('--llm-sample-rows');
  });
});
