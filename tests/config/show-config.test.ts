import { describe, expect, it } from 'vitest';
import { resolveDocumentOptionsWithOrigins } from '../../src/config/resolve-config.js';
import { formatResolvedConfig, REDACTED } from '../../src/config/show-config.js';

const SECRET = 'sk-test-5ecr3t-value';

function resolved() {
  return resolveDocumentOptionsWithOrigins({
    flags: { synthesize: true, llmModel: 'gpt-4.1', llmConcurrency: '3' },
    env: { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: `https://user:${SECRET}@llm.example.com/v1?key=${SECRET}` },
    dbtProjectVars: {
      'dbt-osmosis': {
        llm: { temperature: 0.2, prices: { 'gpt-4.1': { input_per_mtok: 2, output_per_mtok: 8 } } },
      },
    },
    projectDir: '/p',
    homedir: '/h',
    cwd: '/c',
  });
}

describe('formatResolvedConfig', () => {
  it('redacts the key wherever it appears and names each origin', () => {
    const { options, origins } = resolved();
    const text = formatResolvedConfig(options, origins);
    expect(text).not.toContain(SECRET);
    expect(text).toContain(REDACTED);
    expect(text).toMatch(/^vars\.dbt-osmosis\.llm\.api_key: "\*\*\*redacted\*\*\*" +# env OPENAI_API_KEY$/m);
    expect(text).toMatch(/^--llm-model \/ vars\.dbt-osmosis\.llm\.model: "gpt-4\.1" +# flag --llm-model$/m);
    expect(text).toMatch(/^--llm-base-url \/ vars\.dbt-osmosis\.llm\.base_url: .* +# env OPENAI_BASE_URL$/m);
    expect(text).toMatch(
      /^--llm-temperature \/ vars\.dbt-osmosis\.llm\.temperature: 0\.2 +# dbt_project\.yml vars\.dbt-osmosis\.llm\.temperature$/m,
    );
    expect(text).toMatch(/^--llm-concurrency \/ vars\.dbt-osmosis\.llm\.concurrency: 3 +# flag --llm-concurrency$/m);
    expect(text).toMatch(/^--bulk-threshold \/ vars\.dbt-osmosis\.llm\.bulk_threshold: 10 +# default$/m);
    expect(text).toMatch(/^vars\.dbt-osmosis\.llm\.prices: \{"gpt-4\.1":/m);
    expect(text).toMatch(/^--project-dir: "\/p" +# default$/m);
    // No line is named by a field of the code (camelCase) any more.
    for (const line of text.trimEnd().split('\n')) expect(line.split(': ')[0]).not.toMatch(/[a-z][A-Z]/);
  });

  it('gives JSON with value and origin per setting, still redacted', () => {
    const { options, origins } = resolved();
    const json = formatResolvedConfig(options, origins, 'json');
    expect(json).not.toContain(SECRET);
    const parsed = JSON.parse(json) as {
      synthesis: { llm: { apiKey: { value: string; from: string }; maxRetries: { from: string } } };
    };
    expect(parsed.synthesis.llm.apiKey).toEqual({ value: REDACTED, from: 'env OPENAI_API_KEY', name: 'vars.dbt-osmosis.llm.api_key' });
    expect(parsed.synthesis.llm.maxRetries.from).toBe('default');
  });

  it('does not touch the options it was given', () => {
    const { options, origins } = resolved();
    formatResolvedConfig(options, origins);
    expect(options.synthesis?.llm.apiKey).toBe(SECRET);
  });
});
