/**
 * Cached prompt input end to end on the demo project, against the fake's simulation of OpenAI's
 * automatic prompt cache: the run reports the cached tokens the provider returned and prices them
 * at the cached-input rate (settled after the call; reservations stay at the full input price),
 * `--llm-stats` shows them, and the dry run says what it assumed.
 */
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

const envOf = (s: FakeLlmServer) => ({ OPENAI_API_KEY: FAKE_API_KEY, OPENAI_BASE_URL: s.openaiBaseUrl, OPENAI_MODEL: 'gpt-4o-mini' });

describe('cached prompt input (gpt-4o-mini: $0.15/M input, $0.075/M cached, $0.60/M output)', () => {
  it('is reported, priced at the cached rate under a budget, and shown by --llm-stats', async () => {
    server = await startFakeLlmServer({ promptCacheMinTokens: 100 });
    const dir = copyExample();
    const run = await runCli(['yaml', 'document', '--synthesize', '--llm-max-cost', '1', '--llm-concurrency', '4', '--format', 'json'], { cwd: dir, env: envOf(server) });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { llm: { calls: number; inputTokens: number; cachedInputTokens: number; costUsd: number } };
    const usages = server.requests.map((r) => r.usage!);
    const cached = usages.reduce((n, u) => n + (u.cachedInputTokens ?? 0), 0);
    const input = usages.reduce((n, u) => n + u.inputTokens, 0);
    const output = usages.reduce((n, u) => n + u.outputTokens, 0);
    expect(cached).toBeGreaterThan(0);
    expect(report.llm.cachedInputTokens).toBe(cached);
    expect(report.llm.inputTokens).toBe(input);
    expect(report.llm.costUsd).toBeCloseTo(((input - cached) * 0.15 + cached * 0.075 + output * 0.6) / 1e6, 8);
    expect(report.llm.costUsd).toBeLessThan((input * 0.15 + output * 0.6) / 1e6);

    const stats = await runCli(['yaml', 'document', '--synthesize', '--llm-stats', '--no-llm-cache'], { cwd: copyExample(), env: envOf(server) });
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stdout).toMatch(/input tokens: +\d+ \([1-9]\d* from the provider's prompt cache\)/);
  });

  it('the dry run prices later requests of a node at the cached rate and says so', async () => {
    server = await startFakeLlmServer();
    const run = await runCli(['yaml', 'document', '--synthesize', '--llm-dry-run'], { cwd: copyExample(), env: envOf(server) });
    expect(run.code, run.stderr).toBe(0);
    expect(server.requests).toHaveLength(0);
    expect(run.stdout).toMatch(/cached in/);
    expect(run.stdout).toMatch(/Prompt caching: openai caches prompt prefixes of 1,024 tokens or more by itself.*Cached input is priced at \$0\.075\/M\./);
  });
});
