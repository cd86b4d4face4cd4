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
    expect(text).toMatch(/synthesis\.llm\.apiKey: "\*\*\*redacted\*\*\*" +# env OPENAI_API_KEY/);
    expect(text).toMatch(/synthesis\.llm\.model: "gpt-4\.1" +# flag --llm-model/);
    expect(text).toMatch(/synthesis\.llm\.baseUrl: .* +# env OPENAI_BASE_URL/);
    expect(text).toMatch(
      /synthesis\.llm\.temperature: 0\.2 +# dbt_project\.yml vars\.dbt-osmosis\.llm\.temperature/,
    );
    expect(text).toMatch(/synthesis\.concurrency: 3 +# flag --llm-concurrency/);
    expect(text).toMatch(/synthesis\.bulkThreshold: 10 +# default/);
    expect(text).toMatch(/synthesis\.priceOverrides: \{"gpt-4\.1":/);
  });

  it('gives JSON with value and origin per setting, still redacted', () => {
    const { options, origins } = resolved();
    const json = formatResolvedConfig(options, origins, 'json');
    expect(json).not.toContain(SECRET);
    const parsed = JSON.parse(json) as {
      synthesis: { llm: { apiKey: { value: string; from: string }; maxRetries: { from: string } } };
    };
    expect(parsed.synthesis.llm.apiKey).toEqual({ value: REDACTED, from: 'env OPENAI_API_KEY' });
    expect(parsed.synthesis.llm.maxRetries.from).toBe('default');
  });

  it('does not touch the options it was given', () => {
    const { options, origins } = resolved();
    formatResolvedConfig(options, origins);
    expect(options.synthesis?.llm.apiKey).toBe(SECRET);
  });
});
