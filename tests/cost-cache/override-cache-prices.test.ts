/**
 * A `vars: dbt-osmosis: llm: prices:` override with `cached_input_per_mtok`, end to end on the
 * demo project: the dry run's prompt-cache line names the override's cached price (halved with
 * --llm-batch), and a run against the fake's OpenAI prompt cache settles its spend, under a
 * budget, at that price — in the JSON report and in --llm-stats.
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanTemps, copyExample, runCli } from '../helpers/run-cli.js';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { FAKE_API_KEY } from '../helpers/fake-llm-settings.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  cleanTemps();
});

// gpt-4o-mini is in the price table ($0.15/M in, $0.075/M cached): the override replaces all of it.
const MODEL = 'gpt-4o-mini';
const PRICE = { input: 200, output: 800, cached: 50 };
const envOf = (s: FakeLlmServer) => ({ OPENAI_API_KEY: FAKE_API_KEY, OPENAI_BASE_URL: s.openaiBaseUrl, OPENAI_MODEL: MODEL });

function projectWithOverride(cached: string): string {
  const dir = copyExample();
  appendFileSync(
    path.join(dir, 'dbt_project.yml'),
    `\nvars:\n  dbt-osmosis:\n    llm:\n      prices:\n        ${MODEL}:\n          input_per_mtok: ${PRICE.input}\n          output_per_mtok: ${PRICE.output}\n${cached}`,
  );
  return dir;
}

describe('prices: override with cached_input_per_mtok', () => {
  it('the dry run says it prices cached input at the override, halved at batch rates', async () => {
    server = await startFakeLlmServer();
    const dir = projectWithOverride(`          cached_input_per_mtok: ${PRICE.cached}\n`);
    const run = await runCli(['yaml', 'document', '--synthesize', '--llm-dry-run'], { cwd: dir, env: envOf(server) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Prices: $${PRICE.input}/M input, $${PRICE.output}/M output tokens (override).`);
    expect(run.stdout).toMatch(/Prompt caching: openai caches prompt prefixes .*Cached input is priced at \$50\/M\./);
    const batch = await runCli(['yaml', 'document', '--synthesize', '--llm-dry-run', '--llm-batch'], { cwd: dir, env: envOf(server) });
    expect(batch.code, batch.stderr).toBe(0);
    expect(batch.stdout).toMatch(/Cached input is priced at \$25\/M\./);
    expect(server.requests).toHaveLength(0);
  });

  it('without it, the dry run says cached input is billed at the input price, and why', async () => {
    server = await startFakeLlmServer();
    const run = await runCli(['yaml', 'document', '--synthesize', '--llm-dry-run'], { cwd: projectWithOverride(''), env: envOf(server) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Cached input is priced at the input price, $${PRICE.input}/M (the prices: override for ${MODEL} gives no cached_input_per_mtok).`);
  });

  it('a run settles cached input at the override price, under a budget and in --llm-stats', async () => {
    server = await startFakeLlmServer({ promptCacheMinTokens: 100 });
    const dir = projectWithOverride(`          cached-input-per-mtok: '${PRICE.cached}'\n`);
    const run = await runCli(['yaml', 'document', '--synthesize', '--llm-max-cost', '1000', '--llm-concurrency', '4', '--llm-stats', '--no-llm-cache'], { cwd: dir, env: envOf(server) });
    expect(run.code, run.stderr).toBe(0);
    const usages = server.requests.map((r) => r.usage!);
    const sum = (f: (u: (typeof usages)[number]) => number) => usages.reduce((n, u) => n + f(u), 0);
    const cached = sum((u) => u.cachedInputTokens ?? 0);
    const input = sum((u) => u.inputTokens);
    const output = sum((u) => u.outputTokens);
    expect(cached).toBeGreaterThan(0);
    const expected = ((input - cached) * PRICE.input + cached * PRICE.cached + output * PRICE.output) / 1e6;
    expect(expected).toBeLessThan((input * PRICE.input + output * PRICE.output) / 1e6);
    expect(run.stdout).toContain(`input tokens:   ${input} (${cached} from the provider's prompt cache)`);
    expect(run.stdout).toContain(`cost:           $${expected.toFixed(4)}`);
  });

  it('a bad cached price is exit 2 naming the model and the key, before any request', async () => {
    server = await startFakeLlmServer();
    const run = await runCli(['yaml', 'document', '--synthesize'], { cwd: projectWithOverride('          cached_input_per_mtok: -1\n'), env: envOf(server) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`vars.dbt-osmosis.llm.prices.${MODEL}.cached_input_per_mtok in dbt_project.yml: expected a number of 0 or more, got '-1'`);
    expect(server.requests).toHaveLength(0);
  });
});
