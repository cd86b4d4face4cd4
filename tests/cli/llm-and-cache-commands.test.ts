import path from 'node:path';
import { statSync } from 'node:fs';
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

describe('osmosis-ts llm test', () => {
  it('sends one small request and reports provider, model, latency and tokens', async () => {
    server = await startFakeLlmServer();
    const dir = copyExample();
    const run = await runCli(['llm', 'test'], { cwd: dir, env: envOf(server) });
    expect(run.code, run.stderr).toBe(0);
    expect(server.requests).toHaveLength(1);
    expect(run.stdout).toMatch(/provider: openai/);
    expect(run.stdout).toMatch(/model: +gpt-4o-mini/);
    expect(run.stdout).toMatch(/latency: +\d+ ms/);
    expect(run.stdout).toMatch(/tokens: +\d+ in, \d+ out/);
  });

  it('a rejected key is exit 2 with the variable to check and without the key', async () => {
    server = await startFakeLlmServer({ script: [{ status: 401 }] });
    const dir = copyExample();
    const run = await runCli(['llm', 'test'], { cwd: dir, env: envOf(server) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('OPENAI_API_KEY');
    expect(run.stderr + run.stdout).not.toContain(FAKE_API_KEY);
  });
});

describe('osmosis-ts cache stats|prune|clear', () => {
  it('shows what a synthesis run stored, prunes by age and clears', async () => {
    server = await startFakeLlmServer();
    const dir = copyExample();
    const cachePath = path.join(dir, 'llm.sqlite');
    const synth = await runCli(['yaml', 'document', '--synthesize', '--llm-cache-path', cachePath], { cwd: dir, env: envOf(server) });
    expect(synth.code, synth.stderr).toBe(0);
    expect(statSync(cachePath).mode & 0o777).toBe(0o600);
    const stats = await runCli(['cache', 'stats', '--llm-cache-path', cachePath], { cwd: dir });
    const entries = Number(/entries: (\d+)/.exec(stats.stdout)?.[1]);
    expect(entries).toBe(server.requests.length);
    const kept = await runCli(['cache', 'prune', '--max-age', '30', '--llm-cache-path', cachePath], { cwd: dir });
    expect(kept.stdout).toMatch(/pruned 0 entries/);
    const pruned = await runCli(['cache', 'prune', '--max-age', '0', '--llm-cache-path', cachePath], { cwd: dir });
    expect(pruned.stdout).toContain(`pruned ${entries} entries`);
    const cleared = await runCli(['cache', 'clear', '--llm-cache-path', cachePath], { cwd: dir });
    expect(cleared.code).toBe(0);
    expect((await runCli(['cache', 'stats', '--llm-cache-path', cachePath], { cwd: dir })).stdout).toMatch(/entries: 0/);
  });
});
