/**
 * A batch run killed at any instant of a submit resumes without paying twice: the CLI runs as a
 * child process against the fakes of OpenAI's Files + Batches and Anthropic's Message Batches
 * (real SDKs), and the fake kills it with SIGKILL at the chosen instant — after the provider created
 * the batch but before its answer reached the client (so no batch id was written), or, for OpenAI,
 * after the file upload but before the batch exists. The next run must submit nothing it already
 * submitted and write the bytes an uninterrupted synchronous run writes: on the demo project, and
 * on a corpus project killed as its second wave went up (skipped without ../shared/corpus).
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBatchFakes, type BatchFakes, type FakeBatchServer } from '../helpers/fake-batch-server.js';
import type { FakeLlmServer } from '../helpers/fake-llm-server.js';
import { cleanTempDirs, copyCorpus, copyExample, corpusProject, jsonReport, runCliChild, startCli, tempDir, yamlTexts, type ProjectCopy, type RunningChild } from '../cost-cache/cli-child.js';
import { BATCH, customIds, envFor, synchronousRun, type Provider } from './batch-cli.js';

let fakes: BatchFakes;
let inner: FakeLlmServer;
let batch: FakeBatchServer;
beforeEach(async () => {
  fakes = await startBatchFakes();
  ({ inner, batch } = fakes);
});
afterEach(() => fakes.close());
afterAll(cleanTempDirs);

/** The fake's answers are deterministic: one synchronous reference run per provider and project serves every test. */
const references = new Map<string, ReturnType<typeof synchronousRun>>();
function reference(provider: Provider, project = 'jaffle', copy: (home: string) => ProjectCopy = copyExample): ReturnType<typeof synchronousRun> {
  const key = `${provider} ${project}`;
  const run = references.get(key) ?? synchronousRun(inner, provider, copy);
  references.set(key, run);
  return run;
}

const CREATE: Record<Provider, string> = { openai: 'POST /v1/batches', anthropic: 'POST /v1/messages/batches' };

interface Killed {
  args: string[];
  env: Record<string, string>;
  home: string;
  projectDir: string;
}

/**
 * Starts a batch run and kills it when `call` arrives at the fake for the `nth` time, `before` or
 * `after` the fake acts on it. Batches end only once killed, unless `nth` > 1 (earlier waves must
 * end for a later one to be submitted).
 */
async function runKilledAt(provider: Provider, call: string, when: 'before' | 'after', opts: { nth?: number; copy?: (home: string) => ProjectCopy } = {}): Promise<Killed> {
  const nth = opts.nth ?? 1;
  batch.setAutoComplete(nth > 1);
  const home = tempDir();
  const { projectDir, args } = (opts.copy ?? copyExample)(home);
  const env = envFor(provider, batch.url, home);
  const cli = ['yaml', 'document', ...args, '--synthesize', '--format', 'json', ...BATCH];
  let running: RunningChild | undefined;
  batch.interceptOnce(
    call,
    when,
    async () => {
      running?.child.kill('SIGKILL');
      await running?.done;
    },
    nth,
  );
  running = startCli(cli, env, home);
  const killed = await running.done;
  expect(killed.signal, `exit ${killed.code} after ${batch.batches.length} batches: ${killed.stderr}`).toBe('SIGKILL');
  batch.setAutoComplete(true);
  return { args: cli, env, home, projectDir };
}

/** A batch of `size` requests nobody of ours submitted (another tool, another run), created now. */
async function foreignAnthropicBatch(size: number): Promise<string> {
  const params = batch.batches[0]!.items[0]!.body;
  const response = await fetch(`${batch.url}/v1/messages/batches`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ requests: Array.from({ length: size }, (_, i) => ({ custom_id: `other-${i}`, params })) }),
  });
  return ((await response.json()) as { id: string }).id;
}

function expectNothingTwice(expected: number): void {
  expect(new Set(customIds(batch)).size, 'a request submitted twice').toBe(customIds(batch).length);
  expect(customIds(batch).length).toBe(expected);
}

describe('a batch run killed at any instant of a submit resumes without paying twice', () => {
  for (const provider of ['openai', 'anthropic'] as const) {
    it(`${provider}: killed after the provider created the batch, before its id was written`, async () => {
      const sync = await reference(provider);
      const killed = await runKilledAt(provider, CREATE[provider], 'after');
      expect(batch.batches.length).toBe(1);
      const first = batch.batches[0]!;

      const run = await runCliChild(killed.args, killed.env, killed.home);
      expect(run.code, run.stderr).toBe(0);
      expect(yamlTexts(killed.projectDir)).toEqual(sync.yaml);
      expectNothingTwice(sync.requests);
      // The first batch was collected, not submitted again.
      expect(batch.batches[0]).toBe(first);
      expect(first.state).toBe('ended');
      const report = jsonReport(run);
      expect(report.llm.batch.submitted).toBe(sync.requests - first.items.length);
      expect(report.warnings).toEqual([]);
      expect(batch.calls).toContain(provider === 'openai' ? 'GET /v1/batches' : 'GET /v1/messages/batches');
      if (provider === 'openai') {
        expect(first.metadata?.['osmosis_wave']).toMatch(/^wave-[0-9a-f]{32}$/);
        expect(batch.calls.filter((c) => c === 'POST /v1/files').length).toBe(batch.batches.length);
      }
    });
  }

  it('openai: killed after the upload, before the batch: the recorded file becomes the batch, uploaded once', async () => {
    const sync = await reference('openai');
    const killed = await runKilledAt('openai', 'POST /v1/batches', 'before');
    expect(batch.batches.length).toBe(0);
    expect(batch.calls.filter((c) => c === 'POST /v1/files').length).toBe(1);

    const run = await runCliChild(killed.args, killed.env, killed.home);
    expect(run.code, run.stderr).toBe(0);
    expect(yamlTexts(killed.projectDir)).toEqual(sync.yaml);
    expectNothingTwice(sync.requests);
    // One upload per batch over both runs: the first wave's file was not uploaded again.
    expect(batch.calls.filter((c) => c === 'POST /v1/files').length).toBe(batch.batches.length);
    expect(batch.calls.indexOf('GET /v1/batches')).toBeLessThan(batch.calls.lastIndexOf('POST /v1/batches'));
  });

  it('anthropic: the batch ended meanwhile, beside another of the same size: its results confirm which is ours', async () => {
    const sync = await reference('anthropic');
    const killed = await runKilledAt('anthropic', CREATE.anthropic, 'after');
    const first = batch.batches[0]!;
    const other = await foreignAnthropicBatch(first.items.length);
    await batch.complete(first.id);
    await batch.complete(other);

    const run = await runCliChild(killed.args, killed.env, killed.home);
    expect(run.code, run.stderr).toBe(0);
    expect(yamlTexts(killed.projectDir)).toEqual(sync.yaml);
    const ours = customIds(batch).filter((id) => !id.startsWith('other-'));
    expect(new Set(ours).size).toBe(ours.length);
    expect(ours.length).toBe(sync.requests);
    expect(batch.calls).toContain(`GET /v1/messages/batches/${other}/results`);
    expect(jsonReport(run).warnings).toEqual([]);
  });

  it('anthropic: two running batches could be it: a warning names the wave, and it is submitted again', async () => {
    const sync = await reference('anthropic');
    const killed = await runKilledAt('anthropic', CREATE.anthropic, 'after');
    const first = batch.batches[0]!;
    const other = await foreignAnthropicBatch(first.items.length);

    const run = await runCliChild(killed.args, killed.env, killed.home);
    expect(run.code, run.stderr).toBe(0);
    expect(yamlTexts(killed.projectDir)).toEqual(sync.yaml);
    const warnings = jsonReport(run).warnings as string[];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/wave wave-[0-9a-f]{32} \(\d+ requests\) was being submitted when an earlier run stopped/);
    expect(warnings[0]).toContain(first.id);
    expect(warnings[0]).toContain(other);
    expect(warnings[0]).toMatch(/submitted again/);
    // Submitted again, as the warning says, and only that wave.
    const ours = customIds(batch).filter((id) => !id.startsWith('other-'));
    expect(ours.length).toBe(sync.requests + first.items.length);
    expect(first.state).toBe('in_progress');
  });
});

const corpus = corpusProject('fivetran-hubspot-v12');

describe.skipIf(corpus === undefined)('a corpus project killed in the middle of a batch run (fivetran-hubspot-v12)', () => {
  it('killed as its second wave was created: the resumed run submits nothing twice and writes what a synchronous run writes', async () => {
    const copy = (home: string) => copyCorpus(corpus!, home);
    const sync = await reference('anthropic', corpus!.name, copy);
    const killed = await runKilledAt('anthropic', CREATE.anthropic, 'after', { nth: 2, copy });
    expect(batch.batches.length).toBe(2);
    const [first, second] = batch.batches;

    const run = await runCliChild(killed.args, killed.env, killed.home);
    expect(run.code, run.stderr).toBe(0);
    expect(yamlTexts(killed.projectDir)).toEqual(sync.yaml);
    expectNothingTwice(sync.requests);
    expect(batch.batches.slice(0, 2)).toEqual([first, second]);
    expect(jsonReport(run).llm.batch.submitted).toBe(sync.requests - first!.items.length - second!.items.length);
  });
});
