/**
 * Two CLI processes at once on two copies of a project, one `--llm-cache-path`: both finish, the
 * SQLite file passes `PRAGMA integrity_check`, and a third run (on a third copy) is fully cached.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { querySqliteFile } from '../cache/sqlite-file.js';
import { cleanTempDirs, copyCorpus, corpusProject, fakeEnv, jsonReport, runCliChild, tempDir, yamlTexts } from './cli-child.js';

let server: FakeLlmServer;
beforeEach(async () => {
  // A little latency so the two runs' calls and cache writes interleave.
  server = await startFakeLlmServer({ latencyMs: 3 });
});
afterEach(async () => {
  await server.close();
});
afterAll(cleanTempDirs);

const hubspot = corpusProject('fivetran-hubspot-v12');

describe.skipIf(hubspot === undefined)('one cache file shared by two processes (fivetran-hubspot-v12)', () => {
  it('both finish, the file is intact, and a third run is fully cached', async () => {
    const home = tempDir();
    const cache = path.join(home, 'shared', 'cache.sqlite');
    const copies = [0, 1, 2].map((i) => copyCorpus(hubspot!, path.join(home, `copy-${i}`)));
    const env = fakeEnv(server, home);
    const argsFor = (i: number) => ['yaml', 'document', ...copies[i]!.args, '--synthesize', '--format', 'json', '--llm-cache-path', cache, '--llm-concurrency', '8'];

    const [a, b] = await Promise.all([runCliChild(argsFor(0), env, home), runCliChild(argsFor(1), env, home)]);
    for (const run of [a, b]) {
      expect(run.code, run.stderr).toBe(0);
      expect(jsonReport(run)['failures']).toEqual([]);
    }
    const reportA = jsonReport(a);
    const reportB = jsonReport(b);
    expect(reportA['llm'].calls + reportB['llm'].calls).toBe(server.requests.length);
    // Both documented the project the same way.
    const textsA = yamlTexts(copies[0]!.projectDir);
    const textsB = yamlTexts(copies[1]!.projectDir);
    for (const [file, text] of textsA) expect(textsB.get(file), file).toBe(text);

    const integrity = await querySqliteFile<{ integrity_check: string }>(cache, 'PRAGMA integrity_check');
    expect(integrity).toEqual([{ integrity_check: 'ok' }]);
    const [{ n }] = (await querySqliteFile<{ n: number }>(cache, 'SELECT count(*) AS n FROM llm_cache')) as [{ n: number }];
    // Every distinct question is stored once, however many processes asked it.
    const distinct = new Set(server.requests.map((r) => r.rawBody.replace(/"model":"[^"]*"/, ''))).size;
    expect(n).toBe(distinct);

    const sent = server.requests.length;
    const c = await runCliChild(argsFor(2), env, home);
    expect(c.code, c.stderr).toBe(0);
    expect(server.requests.length, 'requests during the third run').toBe(sent);
    expect(jsonReport(c)['llm'].cacheHits).toBe(Math.max(reportA['llm'].calls + reportA['llm'].cacheHits, reportB['llm'].calls + reportB['llm'].cacheHits));
    for (const [file, text] of yamlTexts(copies[2]!.projectDir)) expect(textsA.get(file), file).toBe(text);
  }, 120_000);
});
