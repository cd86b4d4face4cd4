/**
 * A run killed with SIGKILL loses nothing it paid for, and never leaves a half-written YAML file:
 * - killed in the middle of synthesis (some answers received, more requests in flight), a second
 *   run never sends again a request that was answered before the kill;
 * - killed while writing the YAML files, every file parses and is either its old or its new text.
 * The CLI runs as a child process (bin/osmosis-ts.js → dist/) against the fake server.
 */
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { cleanTempDirs, copyCorpus, corpusProject, fakeEnv, jsonReport, requestIdentity, runCliChild, startCli, tempDir, yamlTexts } from './cli-child.js';

let server: FakeLlmServer;
beforeEach(async () => {
  server = await startFakeLlmServer();
});
afterEach(async () => {
  await server.close();
});
afterAll(cleanTempDirs);

const hubspot = corpusProject('fivetran-hubspot-v12');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function expectOldOrNew(dir: string, before: Map<string, string>, after: Map<string, string>): { old: number; new: number } {
  const now = yamlTexts(dir);
  const counts = { old: 0, new: 0 };
  for (const [file, text] of now) {
    expect(() => parse(text), `${file} parses`).not.toThrow();
    const isOld = before.get(file) === text;
    const isNew = after.get(file) === text;
    expect(isOld || isNew, `${file} is its old or its new text`).toBe(true);
    if (isNew && !isOld) counts.new++;
    else counts.old++;
  }
  // A file the run creates is either absent or complete.
  for (const file of before.keys()) expect(now.has(file), `${file} still exists`).toBe(true);
  return counts;
}

describe.skipIf(hubspot === undefined)('SIGKILL, then run again (fivetran-hubspot-v12)', () => {
  it('answers received before the kill are not asked (paid for) again; YAML untouched', async () => {
    const home = tempDir();
    const project = copyCorpus(hubspot!, home);
    const before = yamlTexts(project.projectDir);
    const env = fakeEnv(server, home);
    const cache = path.join(home, 'cache.sqlite');
    const args = ['yaml', 'document', ...project.args, '--synthesize', '--format', 'json', '--llm-cache-path', cache, '--llm-concurrency', '4'];

    // Answer the first ANSWERED requests; hold every later one until the process is killed.
    const ANSWERED = 40;
    server.setRespond((req) => (req.seq < ANSWERED ? 'ok' : { delayMs: 600_000 }));
    const running = startCli(args, env, home);
    await server.waitForRequests(ANSWERED + 1, 60_000);
    // The client stores an answer right after it arrives; give the last ones a moment.
    await sleep(500);
    running.child.kill('SIGKILL');
    const killed = await running.done;
    expect(killed.signal).toBe('SIGKILL');

    const paid = server.requests.filter((r) => r.status === 200);
    expect(paid.length).toBe(ANSWERED);
    const paidIds = new Set(paid.map((r) => requestIdentity(r.rawBody)));
    expect(paidIds.size).toBe(ANSWERED);
    // Synthesis writes YAML only at the end: nothing changed.
    const same = yamlTexts(project.projectDir);
    for (const [file, text] of before) expect(same.get(file), file).toBe(text);

    server.setRespond(undefined);
    const firstRunRequests = server.requests.length;
    const again = await runCliChild(args, env, home);
    expect(again.code, again.stderr).toBe(0);
    const report = jsonReport(again);
    expect(report['failures']).toEqual([]);
    const secondRun = server.requests.slice(firstRunRequests);
    const repeated = secondRun.filter((r) => paidIds.has(requestIdentity(r.rawBody)));
    expect(repeated.map((r) => r.seq), 'requests answered before the kill, sent again').toEqual([]);
    expect(report['llm'].cacheHits).toBeGreaterThanOrEqual(ANSWERED);
    // Every YAML file parses after the completed run.
    for (const [file, text] of yamlTexts(project.projectDir)) expect(() => parse(text), file).not.toThrow();
  }, 120_000);

  it('killed while writing the YAML files: every file is its old or its new text', async () => {
    // A complete run gives each file's new text and fills the cache, so later runs are fast.
    const home = tempDir();
    const cache = path.join(home, 'cache.sqlite');
    const reference = copyCorpus(hubspot!, path.join(home, 'ref'));
    const before = yamlTexts(reference.projectDir);
    const ok = await runCliChild(['yaml', 'document', ...reference.args, '--synthesize', '--format', 'json', '--llm-cache-path', cache], fakeEnv(server, home), home);
    expect(ok.code, ok.stderr).toBe(0);
    const changed = jsonReport(ok)['changedFiles'] as string[];
    expect(changed.length).toBeGreaterThan(1);
    const after = yamlTexts(reference.projectDir);
    const referenceRequests = server.requests.length;

    const outcomes: string[] = [];
    let mixed = 0;
    for (const delayMs of [0, 2, 4, 8, 16, 32, 64]) {
      const trial = copyCorpus(hubspot!, path.join(home, `trial-${outcomes.length}`));
      const running = startCli(['yaml', 'document', ...trial.args, '--synthesize', '--verbose', '--llm-cache-path', cache], fakeEnv(server, home), home);
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (running.stderr().includes('» write') || running.child.exitCode !== null) {
            clearInterval(poll);
            resolve();
          }
        }, 1);
      });
      if (delayMs > 0) await sleep(delayMs);
      running.child.kill('SIGKILL');
      const run = await running.done;
      const counts = expectOldOrNew(trial.projectDir, before, after);
      if (counts.new > 0 && counts.new < changed.length) mixed++;
      outcomes.push(`${delayMs}ms: ${run.signal ?? `exit ${run.code}`}, ${counts.new}/${changed.length} files new`);
    }
    // eslint-disable-next-line no-console
    console.log(`kill during write: ${outcomes.join('; ')}`);
    expect(server.requests.length, 'cached trials send nothing').toBe(referenceRequests);
    // At least one kill landed between the first and the last file write.
    expect(mixed).toBeGreaterThan(0);
  }, 180_000);
});
