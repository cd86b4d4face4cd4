/**
 * `--llm-max-cost`: with a fake server that bills every call the most an honest provider could
 * (input = the tokens sent, output = the request's whole max output tokens), the spend computed
 * here from what the server reported never exceeds the budget and the run exits 4 — at
 * concurrency 1, 4 and 16, and with 429s that force retries. The price comes from the
 * `vars: dbt-osmosis: llm: prices:` override. An unknown price with a budget is exit 2.
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { writeMiniProject, type MiniModel } from '../helpers/mini-project.js';
import { cleanTempDirs, fakeEnv, jsonReport, runCliChild, tempDir } from './cli-child.js';
import { spentUsd, wireInputTokens, wireMaxOutputTokens, type Price } from './wire-tokens.js';

const MODEL = 'budget-test-model';
const PRICE: Price = { inputPerMTok: 1000, outputPerMTok: 4000 };
const BUDGET = 20;

let server: FakeLlmServer;
beforeEach(async () => {
  server = await startFakeLlmServer();
  server.setUsage((req) => ({ inputTokens: wireInputTokens(req.body), outputTokens: wireMaxOutputTokens(req.body) }));
});
afterEach(async () => {
  await server.close();
});
afterAll(cleanTempDirs);

/** 24 independent models, 4 undocumented columns and no description each: 120 small calls. */
function budgetProject(): string {
  const models: MiniModel[] = Array.from({ length: 24 }, (_, i) => ({
    name: `model_${i}`,
    columns: ['id', `amount_${i}`, `status_${i}`, `created_at_${i}`].map((name) => ({ name, type: 'TEXT' })),
  }));
  const dir = writeMiniProject(models, tempDir());
  appendFileSync(
    path.join(dir, 'dbt_project.yml'),
    `vars:\n  dbt-osmosis:\n    llm:\n      prices:\n        ${MODEL}:\n          input_per_mtok: ${PRICE.inputPerMTok}\n          output_per_mtok: ${PRICE.outputPerMTok}\n`,
  );
  return dir;
}

const documented = (dir: string): number => {
  const doc = parse(readFileSync(path.join(dir, 'models/schema.yml'), 'utf8')) as { models: { description?: string; columns: { description?: string }[] }[] };
  return doc.models.reduce((n, m) => n + (m.description ? 1 : 0) + m.columns.filter((c) => c.description).length, 0);
};

describe('--llm-max-cost is never exceeded', () => {
  const cases: { concurrency: number; retries: boolean }[] = [
    { concurrency: 1, retries: false },
    { concurrency: 4, retries: false },
    { concurrency: 16, retries: false },
    { concurrency: 1, retries: true },
    { concurrency: 16, retries: true },
  ];
  for (const c of cases) {
    it(`concurrency ${c.concurrency}${c.retries ? ', with 429s' : ''}: spend ≤ budget, exit 4, what was paid for is written`, async () => {
      if (c.retries) server.setRespond((req) => (req.seq % 3 === 0 ? { status: 429, retryAfterMs: 5 } : undefined));
      const dir = budgetProject();
      const run = await runCliChild(
        ['yaml', 'document', '--project-dir', dir, '--synthesize', '--format', 'json', '--no-llm-cache', '--llm-model', MODEL, '--llm-max-cost', String(BUDGET), '--llm-concurrency', String(c.concurrency)],
        fakeEnv(server, dir, MODEL),
        dir,
      );
      expect(run.code, run.stderr).toBe(4);
      const report = jsonReport(run);
      const answered = server.requests.filter((r) => r.status === 200);
      const spent = spentUsd(server.requests, PRICE);
      expect(answered.length).toBeGreaterThan(0);
      expect(spent, `spent ${spent} of ${BUDGET}`).toBeLessThanOrEqual(BUDGET);
      // The budget, not something else, stopped the run: most of it was used, not all calls ran.
      expect(spent).toBeGreaterThan(BUDGET / 2);
      expect(answered.length).toBeLessThan(24 * 5);
      expect(report['stoppedAtBudget']).toBe(true);
      expect(report['llm'].budgetExhausted).toBe(true);
      // What the budget stopped is left for the next run, not reported as failed.
      expect(report['synthesisNodesLeft']).toBeGreaterThan(0);
      expect(report['failures']).toEqual([]);
      // The tool's own account matches (it rounds each call up to a nano-dollar).
      expect(report['llm'].costUsd).toBeCloseTo(spent, 6);
      expect(report['llm'].calls).toBe(answered.length);
      if (c.retries) expect(server.requests.some((r) => r.status === 429)).toBe(true);
      // Every paid answer is in the YAML (each per-column call fills one description).
      expect(documented(dir)).toBe(answered.length);
    }, 60_000);
  }

  it('an unknown price with --llm-max-cost is exit 2 with a message, and no request', async () => {
    const dir = writeMiniProject([{ name: 'm', columns: [{ name: 'a' }] }], tempDir());
    const run = await runCliChild(
      ['yaml', 'document', '--project-dir', dir, '--synthesize', '--llm-model', 'no-such-model-xyz', '--llm-max-cost', '1', '--no-llm-cache'],
      fakeEnv(server, dir, 'no-such-model-xyz'),
      dir,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'no-such-model-xyz'");
    expect(run.stderr).toMatch(/price/i);
    expect(run.stderr).toContain('input_per_mtok');
    expect(server.requests.length).toBe(0);
    expect(readFileSync(path.join(dir, 'models/schema.yml'), 'utf8')).not.toMatch(/description/);
  });
});
