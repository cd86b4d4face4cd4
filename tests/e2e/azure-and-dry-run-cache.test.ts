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

describe('Azure OpenAI through the CLI', () => {
  it("calls the deployment's path, and a later --llm-dry-run finds in the cache every request it can know exactly", async () => {
    server = await startFakeLlmServer();
    const dir = copyExample();
    const env = {
      LLM_PROVIDER: 'azure-openai',
      AZURE_OPENAI_BASE_URL: server.url,
      AZURE_OPENAI_API_KEY: FAKE_API_KEY,
      AZURE_OPENAI_DEPLOYMENT_NAME: 'docs-gpt-4o-mini',
      AZURE_OPENAI_API_VERSION: '2024-10-21',
    };
    const cache = ['--llm-cache-path', path.join(dir, 'cache.sqlite')];
    const run = await runCli(['yaml', 'document', '--synthesize', '--format', 'json', ...cache], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    const calls = JSON.parse(run.stdout).llm.calls;
    expect(calls).toBeGreaterThan(0);
    for (const r of server.requests) {
      expect(r.path).toBe('/openai/deployments/docs-gpt-4o-mini/chat/completions');
      expect(r.query['api-version']).toBe('2024-10-21');
    }
    // The same plan on the original files: every request it would send is already answered.
    const fresh = copyExample();
    const plan = await runCli(['yaml', 'document', '--synthesize', '--llm-dry-run', '--format', 'json', ...cache], { cwd: fresh, env });
    expect(plan.code, plan.stderr).toBe(0);
    const rows = JSON.parse(plan.stdout).llmPlan.rows as { calls: number; cacheHits: number; assumedUpstream: boolean }[];
    expect(rows.reduce((n, r) => n + r.calls, 0)).toBe(calls);
    // Prompts that carry no text synthesized upstream are the very requests already answered;
    // the others hold stand-ins (the plan says so) and cannot match.
    const exact = rows.filter((r) => !r.assumedUpstream);
    expect(exact.length).toBeGreaterThan(0);
    for (const r of exact) expect(r.cacheHits).toBe(r.calls);
    expect(server.requests).toHaveLength(calls);
  });
});
