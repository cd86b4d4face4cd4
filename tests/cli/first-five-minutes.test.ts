/**
 * Issue 11's first list, as a dbt-osmosis user meets it on the first day: each row driven through
 * the CLI, checking the behaviour and that the message says what to do.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanTemps, copyExample, runCli } from '../helpers/run-cli.js';
import { writeMiniProject } from '../helpers/mini-project.js';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { FAKE_API_KEY } from '../helpers/fake-llm-settings.js';

let server: FakeLlmServer | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  cleanTemps();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const envOf = (s: FakeLlmServer) => ({ OPENAI_API_KEY: FAKE_API_KEY, OPENAI_BASE_URL: s.openaiBaseUrl, OPENAI_MODEL: 'gpt-4o-mini' });
const snapshot = (dir: string) => ['models/staging/schema.yml', 'models/schema.yml', 'seeds/_seeds.yml'].map((f) => readFileSync(path.join(dir, f), 'utf8'));

describe('a dry run is free', () => {
  it('--synthesize --dry-run makes no call: cached answers go into the diff, what is left is priced, nothing is written', async () => {
    server = await startFakeLlmServer();
    const cachePath = path.join(copyExample(), '..', 'llm.sqlite');
    // A first, real run pays for stg_customers' answers only.
    const paid = copyExample();
    const first = await runCli(['yaml', 'document', '--synthesize', '-s', 'stg_customers', '--llm-cache-path', cachePath], { cwd: paid, env: envOf(server) });
    expect(first.code, first.stderr).toBe(0);
    const paidCalls = server.requests.length;
    expect(paidCalls).toBeGreaterThan(0);
    const paidText = readFileSync(path.join(paid, 'models/staging/schema.yml'), 'utf8');

    const fresh = copyExample();
    const before = snapshot(fresh);
    const dry = await runCli(['yaml', 'document', '--synthesize', '--dry-run', '--llm-cache-path', cachePath, '--format', 'json'], { cwd: fresh, env: envOf(server) });
    expect(dry.code, dry.stderr).toBe(0);
    expect(server.requests.length, 'no request is sent').toBe(paidCalls);
    const report = JSON.parse(dry.stdout);
    expect(report.llm.calls).toBe(0);
    expect(report.llm.cacheHits).toBe(paidCalls);
    expect(report.columnsSynthesized + report.modelDescriptionsSynthesized).toBeGreaterThan(0);
    // What the other nodes still need is priced, and stg_customers is no longer in the plan.
    expect(report.llm.estimatedCostUsd).toBeGreaterThan(0);
    const planned = report.llmPlan.rows.map((r: { node: string }) => r.node);
    expect(planned).not.toContain('model.jaffle_shop_duckdb.stg_customers');
    expect(planned.length).toBeGreaterThan(0);
    // The diff carries the answers already paid for, word for word: every line the paid run
    // wrote beyond what inheritance alone writes.
    const inheritedOnly = copyExample();
    await runCli(['yaml', 'document'], { cwd: inheritedOnly });
    const plain = new Set(readFileSync(path.join(inheritedOnly, 'models/staging/schema.yml'), 'utf8').split('\n'));
    const synthesizedLines = paidText.split('\n').filter((l) => !plain.has(l));
    expect(synthesizedLines.length, 'the paid run wrote synthesized descriptions').toBeGreaterThan(0);
    for (const line of synthesizedLines) expect(report.diff).toContain(`+${line}`);
    expect(snapshot(fresh)).toEqual(before);

    const text = await runCli(['yaml', 'document', '--synthesize', '-d', '--llm-cache-path', cachePath], { cwd: fresh, env: envOf(server) });
    expect(text.stdout).toMatch(/\d+ descriptions already paid for come from the cache \(\d+ cached answers, in the diff\)\./);
    expect(server.requests.length).toBe(paidCalls);
  });

  it('--llm-dry-run does not create the cache file it promises not to write', async () => {
    const dir = copyExample();
    const cachePath = path.join(dir, 'never.sqlite');
    const run = await runCli(['yaml', 'document', '--llm-dry-run', '--llm-cache-path', cachePath], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(cachePath)).toBe(false);
    expect(existsSync(path.join(dir, '.cache'))).toBe(false);
  });

  it("the plan's summary says what the LLM part would still do, not only 'nothing to change'", async () => {
    const dir = copyExample();
    await runCli(['yaml', 'document'], { cwd: dir });
    const run = await runCli(['yaml', 'document', '--llm-dry-run', '--llm-model', 'gpt-4o-mini'], { cwd: dir });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.at(-2)).toMatch(/^Inheritance alone: nothing to change\./);
    expect(lines.at(-1)).toMatch(/^LLM: \d+ calls for \d+ nodes still to make \(0 already in the cache\), estimated \$\d/);
  });
});

describe('mistakes do not pass silently', () => {
  it('a bad --llm-max-cost or an unknown provider is exit 2 without --synthesize, and nothing is written', async () => {
    const dir = copyExample();
    const before = snapshot(dir);
    const cost = await runCli(['yaml', 'document', '--llm-max-cost', '-1'], { cwd: dir });
    expect(cost.code).toBe(2);
    expect(cost.stderr).toContain("--llm-max-cost: expected a number of 0 or more, got '-1'");
    const provider = await runCli(['yaml', 'document', '--llm-provider', 'nonsense'], { cwd: dir });
    expect(provider.code).toBe(2);
    expect(provider.stderr).toContain('nonsense');
    expect(snapshot(dir)).toEqual(before);
  });

  it('a selector that matches nothing is exit 2 naming it, also under --check', async () => {
    const dir = copyExample();
    const check = await runCli(['yaml', 'document', '--check', '-s', 'stg_custmers'], { cwd: dir });
    expect(check.code).toBe(2);
    expect(check.stderr).toContain("--select 'stg_custmers' matches no node");
    expect(check.stderr).toContain('dbt ls');
    // One good and one mistyped selector: still refused.
    const mixed = await runCli(['yaml', 'document', '-s', 'stg_customers stg_ordrs'], { cwd: dir });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("'stg_ordrs'");
    expect(mixed.stderr).not.toContain("'stg_customers'");
    const positional = await runCli(['yaml', 'document', 'models/stagin'], { cwd: dir });
    expect(positional.code).toBe(2);
    expect(positional.stderr).toContain("'models/stagin' matches no node");
    // Everything excluded: nothing of the project is left.
    const excluded = await runCli(['yaml', 'document', '--exclude', 'path:models path:seeds'], { cwd: dir });
    expect(excluded.code).toBe(2);
    expect(excluded.stderr).toContain('leaves no node of project');
    expect((await runCli(['yaml', 'document', '--check', '-s', 'stg_customers'], { cwd: dir })).code).toBe(1);
  });

  it('TBD, TODO and N/A-style descriptions count as missing by default', async () => {
    for (const placeholder of ['TBD', 'todo', 'To be documented', 'N/A', '-']) {
      const dir = writeMiniProject([
        { name: 'a', description: 'A.', columns: [{ name: 'x', description: 'Upstream x.' }] },
        { name: 'b', deps: ['a'], description: 'B.', columns: [{ name: 'x', description: placeholder }] },
      ]);
      dirs.push(dir);
      expect((await runCli(['yaml', 'document', '--check'], { cwd: dir })).code, placeholder).toBe(1);
      await runCli(['yaml', 'document'], { cwd: dir });
      const b = parse(readFileSync(path.join(dir, 'models/schema.yml'), 'utf8')).models[1];
      expect(b.columns[0].description, placeholder).toBe('Upstream x.');
    }
  });
});

describe('errors that say what to do', () => {
  it('a missing manifest names `dbt parse` and --dbt-parse', async () => {
    const dir = copyExample();
    rmSync(path.join(dir, 'target/manifest.json'));
    const run = await runCli(['yaml', 'document'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('manifest.json: cannot read the manifest: no such file.');
    expect(run.stderr).toContain('run `dbt parse`');
    expect(run.stderr).toContain('--dbt-parse');
    expect(run.stderr).not.toContain('internal error');
  });

  it('a stale manifest names `dbt parse` and --dbt-parse', async () => {
    const dir = copyExample();
    const sql = path.join(dir, 'models/staging/stg_orders.sql');
    writeFileSync(sql, `${readFileSync(sql, 'utf8')}\n-- edited`);
    const future = new Date(Date.now() + 60_000);
    const { utimesSync } = await import('node:fs');
    utimesSync(sql, future, future);
    const run = await runCli(['yaml', 'document', '--check'], { cwd: dir });
    expect(run.stderr).toMatch(/older than 1 project file .*run `dbt parse` \(or pass --dbt-parse\)/);
  });

  it('without a catalog, the first time new entries would hold only names, it explains `dbt docs generate`', async () => {
    const dir = writeMiniProject([
      { name: 'a', description: 'A.', columns: [{ name: 'x', description: 'X.' }] },
      { name: 'b', deps: ['a'], noYaml: true, columns: [{ name: 'x' }] },
    ]);
    dirs.push(dir);
    rmSync(path.join(dir, 'target/catalog.json'));
    const run = await runCli(['yaml', 'document', '--dry-run'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('no catalog.json: the new YAML entries of b would hold only their names');
    expect(run.stderr).toContain('dbt docs generate');
    // Entries that exist already are not bare: no warning once b has one.
    await runCli(['yaml', 'document'], { cwd: dir });
    expect((await runCli(['yaml', 'document', '--dry-run'], { cwd: dir })).stderr).not.toContain('dbt docs generate');
  });

  it('runs from a subfolder such as models/staging, finding dbt_project.yml in a parent, as dbt does', async () => {
    const dir = copyExample();
    const run = await runCli(['yaml', 'document', '--check'], { cwd: path.join(dir, 'models/staging') });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('models/staging/schema.yml');
    const write = await runCli(['yaml', 'document'], { cwd: path.join(dir, 'models/staging') });
    expect(write.code, write.stderr).toBe(0);
    expect((await runCli(['yaml', 'document', '--check'], { cwd: dir })).code).toBe(0);
  });

  it('outside any dbt project the error says where it looked and what to do', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'osmosis-nowhere-'));
    dirs.push(outside);
    const run = await runCli(['yaml', 'document'], { cwd: outside });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`no dbt_project.yml in ${outside} or any folder above it`);
    expect(run.stderr).toContain('--project-dir');
  });

  it('`llm test` against a server that answers 404 is exit 2 with advice, not an internal error', async () => {
    server = await startFakeLlmServer();
    const dir = copyExample();
    const run = await runCli(['llm', 'test'], { cwd: dir, env: { ...envOf(server), OPENAI_BASE_URL: `${server.url}/wrong/v1` } });
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stderr).not.toMatch(/this is a bug/i);
    expect(run.stderr).toContain('The endpoint or the model was not found');
    expect(run.stderr).toContain('--llm-base-url');
    expect(run.stderr).not.toContain(FAKE_API_KEY);
  });
});

describe('polish', () => {
  it('osmosis-ts with no arguments prints help on stdout and exits 0', async () => {
    const dir = copyExample();
    const run = await runCli([], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: osmosis-ts');
    expect(run.stdout).toContain('Examples:');
    expect(run.stderr).toBe('');
  });

  it('help has examples on every command', async () => {
    const dir = copyExample();
    for (const args of [['--help'], ['yaml', '--help'], ['yaml', 'document', '--help'], ['llm', '--help'], ['llm', 'test', '--help'], ['cache', '--help']]) {
      const run = await runCli(args, { cwd: dir });
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout, args.join(' ')).toMatch(/Examples:\n {2}\$ /);
      expect(run.stdout.slice(run.stdout.indexOf('Examples:')), args.join(' ')).toContain('$ osmosis-ts ');
    }
  });

  it('--show-config names settings as users write them', async () => {
    const dir = copyExample();
    const run = await runCli(['yaml', 'document', '--show-config', '--skip-add-tags'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^--project-dir: ".*" +# default$/m);
    expect(run.stdout).toMatch(/^--skip-add-tags \/ vars\.dbt-osmosis\.skip_add_tags: true +# flag --skip-add-tags$/m);
    expect(run.stdout).not.toMatch(/^projectDir/m);
  });

  it('piped output does not open with a progress line', async () => {
    server = await startFakeLlmServer();
    const dir = copyExample();
    const run = await runCli(['yaml', 'document', '--synthesize', '--no-llm-cache'], { cwd: dir, env: envOf(server) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/^synthesis: 0\//);
    expect(run.stderr + run.stdout).not.toContain('synthesis: 0/');
  });
});
