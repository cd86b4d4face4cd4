/**
 * Through the built CLI in a child process against the fake server: a second identical
 * `--synthesize` run makes no request, and `--llm-dry-run` makes none either (and writes
 * nothing), on the example project and on a corpus project.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { cleanTempDirs, copyCorpus, copyExample, corpusProject, fakeEnv, jsonReport, runCliChild, tempDir, yamlTexts, type ProjectCopy } from './cli-child.js';

let server: FakeLlmServer;
beforeEach(async () => {
  server = await startFakeLlmServer();
});
afterEach(async () => {
  await server.close();
});
afterAll(cleanTempDirs);

const CORPUS = 'fivetran-hubspot-v12';
const hubspot = corpusProject(CORPUS);

const projects: { name: string; make: (into: string) => ProjectCopy; skip: boolean }[] = [
  { name: 'examples/jaffle_shop', make: (into) => copyExample(into), skip: false },
  { name: `corpus ${CORPUS}`, make: (into) => copyCorpus(hubspot!, into), skip: hubspot === undefined },
];

describe('cache: a second identical run makes no request', () => {
  for (const p of projects) {
    it.skipIf(p.skip)(`${p.name}`, async () => {
      const home = tempDir();
      const project = p.make(home);
      const env = fakeEnv(server, home);
      const cache = path.join(home, 'cache.sqlite');
      const args = ['yaml', 'document', ...project.args, '--synthesize', '--format', 'json', '--llm-cache-path', cache, '--llm-concurrency', '8'];

      const first = await runCliChild(args, env, home);
      expect(first.code, first.stderr).toBe(0);
      const firstReport = jsonReport(first);
      expect(firstReport['failures']).toEqual([]);
      const sent = server.requests.length;
      expect(sent).toBeGreaterThan(0);
      expect(firstReport['llm'].calls).toBe(sent);

      const second = await runCliChild(args, env, home);
      expect(second.code, second.stderr).toBe(0);
      expect(server.requests.length, 'requests during the second run').toBe(sent);
      const secondReport = jsonReport(second);
      expect(secondReport['llm'].calls).toBe(0);
      expect(secondReport['llm'].costUsd).toBe(0);
      expect(secondReport['changedFiles']).toEqual([]);

      // The same answers on a fresh copy: every call a cache hit, same files as the first run.
      const home2 = tempDir();
      const fresh = p.make(home2);
      const third = await runCliChild(['yaml', 'document', ...fresh.args, '--synthesize', '--format', 'json', '--llm-cache-path', cache], fakeEnv(server, home2), home2);
      expect(third.code, third.stderr).toBe(0);
      expect(server.requests.length, 'requests during a fresh copy run').toBe(sent);
      const thirdReport = jsonReport(third);
      expect(thirdReport['llm'].calls).toBe(0);
      expect(thirdReport['llm'].cacheHits).toBeGreaterThanOrEqual(sent);
      expect(thirdReport['changedFiles']).toEqual(firstReport['changedFiles']);
      const a = yamlTexts(project.projectDir);
      const b = yamlTexts(fresh.projectDir);
      expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
      for (const [file, text] of a) expect(b.get(file), file).toBe(text);
    }, 120_000);
  }
});

describe('--llm-dry-run sends nothing and writes nothing', () => {
  for (const p of projects) {
    it.skipIf(p.skip)(`${p.name}`, async () => {
      const home = tempDir();
      const project = p.make(home);
      const before = yamlTexts(project.projectDir);
      const cache = path.join(home, 'cache.sqlite');
      const run = await runCliChild(
        ['yaml', 'document', ...project.args, '--synthesize', '--llm-dry-run', '--format', 'json', '--llm-cache-path', cache, '--llm-max-cost', '0.01'],
        fakeEnv(server, home),
        home,
      );
      expect(run.code, run.stderr).toBe(0);
      expect(server.requests.length).toBe(0);
      const report = jsonReport(run);
      expect(report['llm'].calls).toBe(0);
      expect(report['written']).toBe(false);
      const rows = report['llmPlan'].rows as { calls: number; inputTokens: number }[];
      expect(rows.reduce((n, r) => n + r.calls, 0)).toBeGreaterThan(0);
      const after = yamlTexts(project.projectDir);
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [file, text] of before) expect(after.get(file), file).toBe(text);
    }, 60_000);
  }
});
