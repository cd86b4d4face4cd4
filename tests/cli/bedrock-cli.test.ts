/**
 * `--llm-provider bedrock` through the CLI against the fake's Converse route: `llm test`, a
 * synthesis run priced from the price table's Bedrock entry, and access denied as exit 2.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanTemps, copyExample, runCli } from '../helpers/run-cli.js';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { FAKE_AWS_ENV, FAKE_BEDROCK_MODEL } from '../helpers/fake-llm-settings.js';

let server: FakeLlmServer;
beforeEach(async () => {
  server = await startFakeLlmServer();
  // The AWS SDK's credential chain reads the process environment, not the CLI's `env`.
  for (const [name, value] of Object.entries(FAKE_AWS_ENV)) vi.stubEnv(name, value);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await server.close();
  cleanTemps();
});

const envOf = (s: FakeLlmServer): Record<string, string> => ({
  ...FAKE_AWS_ENV,
  LLM_PROVIDER: 'bedrock',
  BEDROCK_MODEL_ID: FAKE_BEDROCK_MODEL,
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: s.url,
});

describe('bedrock through the CLI', () => {
  it('llm test reports provider, model, endpoint and tokens', async () => {
    const run = await runCli(['llm', 'test'], { cwd: copyExample(), env: envOf(server) });
    expect(run.code, run.stderr).toBe(0);
    expect(server.counts().bedrock).toBe(1);
    expect(run.stdout).toMatch(/provider: bedrock/);
    expect(run.stdout).toContain(`model:    ${FAKE_BEDROCK_MODEL}`);
    expect(run.stdout).toContain(`endpoint: ${server.url}`);
    expect(run.stdout).toMatch(/tokens: +[1-9]\d* in, [1-9]\d* out/);
  });

  it('access denied is exit 2 naming the permission and the variables to set', async () => {
    server.script([{ status: 403, body: { message: "You don't have access to the model with the specified model ID." } }]);
    const run = await runCli(['llm', 'test'], { cwd: copyExample(), env: envOf(server) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('AccessDeniedException');
    expect(run.stderr).toContain('bedrock:InvokeModel');
    expect(run.stderr).toContain('AWS_PROFILE');
    expect(run.stderr + run.stdout).not.toContain(FAKE_AWS_ENV.AWS_SECRET_ACCESS_KEY);
  });

  it('a missing region is exit 2 saying to export AWS_REGION', async () => {
    const env = envOf(server);
    delete env['AWS_REGION'];
    vi.stubEnv('AWS_REGION', '');
    const run = await runCli(['llm', 'test'], { cwd: copyExample(), env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('export AWS_REGION');
    expect(server.requests).toHaveLength(0);
  });

  it('synthesizes the demo project, priced at the Bedrock entry of the price table, with a budget', async () => {
    const dir = copyExample();
    const cachePath = path.join(dir, 'llm.sqlite');
    const args = ['yaml', 'document', '--synthesize', '--llm-cache-path', cachePath, '--llm-max-cost', '1', '--llm-stats', '--format', 'json'];
    const run = await runCli(args, { cwd: dir, env: envOf(server) });
    expect(run.code, run.stderr).toBe(0);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every((r) => r.format === 'bedrock' && r.status === 200 && r.schemaMode === 'tool')).toBe(true);
    const report = JSON.parse(run.stdout) as { llm: { calls: number; costUsd?: number; inputTokens?: number } };
    expect(report.llm.calls).toBe(server.requests.length);
    // anthropic.claude-3-5-haiku on Bedrock: $0.80 in, $4 out per million tokens.
    const input = server.requests.reduce((n, r) => n + (r.usage?.inputTokens ?? 0), 0);
    const output = server.requests.reduce((n, r) => n + (r.usage?.outputTokens ?? 0), 0);
    expect(report.llm.costUsd).toBeCloseTo((input * 0.8 + output * 4) / 1e6, 7);

    // The second run answers from the cache: no request reaches the server.
    server.reset();
    const again = await runCli(args, { cwd: dir, env: envOf(server) });
    expect(again.code, again.stderr).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it('a model without a price table entry needs a prices: override for a budget', async () => {
    const env = { ...envOf(server), BEDROCK_MODEL_ID: 'acme.private-model-v1:0' };
    const run = await runCli(['yaml', 'document', '--synthesize', '--llm-max-cost', '1'], { cwd: copyExample(), env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/price/i);
    expect(run.stderr).toContain('acme.private-model-v1:0');
    expect(server.requests).toHaveLength(0);
  });
});
