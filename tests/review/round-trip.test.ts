/**
 * The review round trip: `--synthesize --review`, then `review approve --all`, then `review
 * apply`, must end byte-identical to a direct `--synthesize` run with the same cached answers.
 * On the bundled demo project (always) and on the corpus projects (when ../shared/corpus exists).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanTemps, copyExample, runCli } from '../helpers/run-cli.js';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { FAKE_API_KEY } from '../helpers/fake-llm-settings.js';
import { yamlFiles } from './yaml-files.js';

let server: FakeLlmServer | undefined;
const temps: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  cleanTemps();
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

function llmEnv(s: FakeLlmServer, cacheHome: string): Record<string, string> {
  return { LLM_PROVIDER: 'openai', OPENAI_API_KEY: FAKE_API_KEY, OPENAI_BASE_URL: s.openaiBaseUrl, OPENAI_MODEL: 'gpt-4o-mini', XDG_CACHE_HOME: cacheHome, OSMOSIS_REVIEWER: 'Round Trip <rt@example.com>' };
}

describe('review round trip', () => {
  it('demo project: --review, approve --all, apply == a direct --synthesize run (same cached answers)', async () => {
    server = await startFakeLlmServer();
    const cacheHome = mkdtempSync(path.join(tmpdir(), 'osmosis-rt-cache-'));
    temps.push(cacheHome);
    const env = llmEnv(server, cacheHome);
    const direct = copyExample();
    const reviewed = copyExample();

    const first = await runCli(['yaml', 'document', '--synthesize', '--format', 'json'], { cwd: direct, env });
    expect(first.code, first.stderr).toBe(0);
    const callsAfterDirect = server.requests.length;
    expect(callsAfterDirect).toBeGreaterThan(0);

    const proposed = await runCli(['yaml', 'document', '--synthesize', '--review', '--format', 'json'], { cwd: reviewed, env });
    expect(proposed.code, proposed.stderr).toBe(0);
    const report = JSON.parse(proposed.stdout);
    expect(report.proposals.created).toBeGreaterThan(0);
    // Same answers from the cache: the review run asked nothing new.
    expect(server.requests.length).toBe(callsAfterDirect);
    // Nothing synthesized reached the YAML yet.
    const beforeApply = yamlFiles(reviewed);
    expect([...beforeApply.values()].join('\n')).not.toContain(JSON.parse(readFileSync(path.join(reviewed, '.osmosis/proposals.jsonl'), 'utf8').split('\n')[0]!).proposed);

    expect([...beforeApply.entries()].some(([file, text]) => yamlFiles(direct).get(file) !== text)).toBe(true);
    const listed = JSON.parse((await runCli(['review', 'list', '--format', 'json'], { cwd: reviewed, env })).stdout);
    expect(listed.proposals).toHaveLength(report.proposals.created);
    expect(new Set(listed.proposals.map((p: { id: string }) => p.id)).size).toBe(listed.proposals.length);

    const approve = await runCli(['review', 'approve', '--all'], { cwd: reviewed, env });
    expect(approve.code, approve.stderr).toBe(0);
    expect(approve.stdout).toContain(`${report.proposals.created} proposal(s) approved by Round Trip <rt@example.com>`);
    const apply = await runCli(['review', 'apply'], { cwd: reviewed, env });
    expect(apply.code, apply.stderr).toBe(0);

    const want = yamlFiles(direct);
    const got = yamlFiles(reviewed);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [file, text] of want) expect(got.get(file), file).toBe(text);
  });
});
