/**
 * `yaml document --synthesize` through the CLI and the real SDKs, against a fake LLM server on
 * 127.0.0.1: order, strategy, what prompts carry, cache, budget, and that the key leaks nowhere.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanTemps, copyExample, runCli } from '../helpers/run-cli.js';
import { startFakeLlmServer, fakeDescription, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { FAKE_API_KEY } from '../helpers/fake-llm-settings.js';
import { writeMiniProject } from '../helpers/mini-project.js';
import { rmSync } from 'node:fs';

const tempDirs: string[] = [];

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  cleanTemps();
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function envFor(s: FakeLlmServer, dir: string, provider: 'openai' | 'anthropic' = 'openai'): Record<string, string> {
  return provider === 'openai'
    ? { LLM_PROVIDER: 'openai', OPENAI_API_KEY: FAKE_API_KEY, OPENAI_BASE_URL: s.openaiBaseUrl, OPENAI_MODEL: 'gpt-4o-mini', XDG_CACHE_HOME: path.join(dir, '.cache') }
    : { LLM_PROVIDER: 'anthropic', ANTHROPIC_API_KEY: FAKE_API_KEY, ANTHROPIC_BASE_URL: s.url, ANTHROPIC_MODEL: 'claude-3-5-haiku-latest', XDG_CACHE_HOME: path.join(dir, '.cache') };
}

function yamlDocs(dir: string): Map<string, Record<string, any>> {
  const out = new Map<string, Record<string, any>>();
  const files = ['models/schema.yml', 'models/staging/schema.yml', 'seeds/_seeds.yml'];
  for (const f of files) {
    const data = parse(readFileSync(path.join(dir, f), 'utf8'));
    for (const section of ['models', 'seeds']) for (const e of data[section] ?? []) out.set(e.name, e);
  }
  return out;
}

function allText(dir: string): string {
  const texts: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else texts.push(readFileSync(p).toString('latin1'));
    }
  };
  walk(dir);
  return texts.join('\n');
}

describe('yaml document --synthesize (fake server, real SDKs)', () => {
  for (const provider of ['openai', 'anthropic'] as const) {
    it(`${provider}: fills everything, parents first, and a second run makes no call`, async () => {
      server = await startFakeLlmServer();
      const dir = copyExample();
      const env = envFor(server, dir, provider);
      const run = await runCli(['yaml', 'document', '--synthesize', '--format', 'json', '--llm-concurrency', '4'], { cwd: dir, env });
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.failures).toEqual([]);
      expect(report.llm.calls).toBe(server.requests.length);
      expect(report.columnsSynthesized).toBeGreaterThan(0);

      // Nothing left undocumented among the writable nodes.
      for (const [name, entry] of yamlDocs(dir)) {
        expect(entry.description, `${name} description`).toBeTruthy();
        for (const c of entry.columns ?? []) expect(String(c.description ?? '').trim(), `${name}.${c.name}`).not.toBe('');
      }

      // Structured output was requested the way the provider wants it.
      const first = server.requests[0];
      if (provider === 'openai') expect(first?.body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { strict: true } } });
      else expect(first?.body).toMatchObject({ tool_choice: { type: 'tool' } });

      // A second identical run is served from the cache.
      const before = server.requests.length;
      const again = await runCli(['yaml', 'document', '--synthesize', '--format', 'json'], { cwd: dir, env });
      expect(again.code).toBe(0);
      expect(server.requests.length).toBe(before);
      expect(JSON.parse(again.stdout).changedFiles).toEqual([]);

      // The key is in no output, no file written, and not in the cache.
      for (const out of [run.stdout, run.stderr, again.stdout, again.stderr]) expect(out).not.toContain(FAKE_API_KEY);
      expect(allText(dir)).not.toContain(FAKE_API_KEY);
      expect(server.secretLeaks(FAKE_API_KEY)).toEqual([]);
    });
  }

  it("a child's prompt carries its parent's new text, and a matching child column is inherited, not asked", async () => {
    server = await startFakeLlmServer();
    const dir = writeMiniProject([
      { name: 'parent', description: 'Parent rows.', columns: [{ name: 'id', description: 'The id.' }, { name: 'x' }] },
      { name: 'child', deps: ['parent'], description: 'Child rows.', columns: [{ name: 'id' }, { name: 'x' }, { name: 'y' }] },
    ]);
    tempDirs.push(dir);
    const run = await runCli(['yaml', 'document', '--synthesize', '--format', 'json', '--llm-concurrency', '4'], { cwd: dir, env: envFor(server, dir) });
    expect(run.code, run.stderr).toBe(0);
    const forNode = (name: string) => server!.requests.filter((r) => r.prompt.includes(`dbt model "${name}"`));
    // parent.x asked once; child.x inherited from it (never asked); child.y asked once.
    expect(forNode('parent').map((r) => Object.keys((r.schema as any)?.properties ?? {}))).toEqual([['description']]);
    expect(forNode('child')).toHaveLength(1);
    expect(forNode('child')[0]!.prompt).toContain('"y"');
    expect(forNode('child')[0]!.seq).toBeGreaterThan(forNode('parent')[0]!.seq);
    const parentX = fakeDescription(forNode('parent')[0]!.schemaName ?? '');
    const docs = parse(readFileSync(path.join(dir, 'models/schema.yml'), 'utf8')).models;
    const childX = docs[1].columns.find((c: any) => c.name === 'x').description;
    expect(childX).toBe(docs[0].columns.find((c: any) => c.name === 'x').description);
    expect(forNode('child')[0]!.prompt).toContain(childX);
    expect(parentX).toBeTruthy();
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ columnsSynthesized: 2, columnsInherited: 2, llm: { calls: 2 } });
  });

  it('--llm-dry-run sends nothing and prints the plan', async () => {
    server = await startFakeLlmServer();
    const dir = copyExample();
    const run = await runCli(['yaml', 'document', '--synthesize', '--llm-dry-run', '--llm-max-cost', '1'], { cwd: dir, env: envFor(server, dir) });
    expect(run.code, run.stderr).toBe(0);
    expect(server.requests.length).toBe(0);
    expect(run.stdout).toMatch(/total/);
    expect(run.stdout).toContain('No call was made');
  });

  it('a missing key is exit 2 naming the variable', async () => {
    const dir = copyExample();
    const run = await runCli(['yaml', 'document', '--synthesize'], { cwd: dir, env: { LLM_PROVIDER: 'anthropic' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ANTHROPIC_API_KEY');
  });
});
