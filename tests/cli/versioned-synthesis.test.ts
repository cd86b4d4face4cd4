/**
 * Issue 9: `--synthesize` on a model whose versions share one `columns:` list used to write one
 * `description:` per version into the shared columns, so the next `--check` failed on a duplicate
 * key. Here the fake server answers every request with a different text, as a real model would.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { FAKE_API_KEY } from '../helpers/fake-llm-settings.js';
import { REPO_ROOT, runCli } from '../helpers/run-cli.js';

let server: FakeLlmServer;
let temp: string;

beforeAll(async () => {
  server = await startFakeLlmServer({
    respond: (req) => (req.schema && 'description' in ((req.schema['properties'] as object | undefined) ?? {}) ? { answer: { description: `Answer number ${req.seq}.` } } : undefined),
  });
  temp = mkdtempSync(path.join(tmpdir(), 'osmosis-versioned-'));
});
afterAll(async () => {
  await server?.close();
  rmSync(temp, { recursive: true, force: true });
});

describe('versions sharing one columns list', () => {
  it('--synthesize writes each shared key once, and --check right after is clean', async () => {
    const dir = path.join(temp, 'project');
    cpSync(path.join(REPO_ROOT, 'fixtures/written/versioned-shared-columns/project'), dir, { recursive: true });
    const env = { OPENAI_API_KEY: FAKE_API_KEY };
    const llm = ['--llm-provider', 'openai', '--llm-base-url', server.openaiBaseUrl, '--llm-model', 'gpt-fake-1', '--no-llm-cache'];
    const run = await runCli(['yaml', 'document', '--synthesize', ...llm, '-s', 'orders'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'models/schema.yml'), 'utf8');
    const doc = parseDocument(text, { uniqueKeys: true });
    expect(doc.errors, 'no duplicate key').toEqual([]);
    const orders = (doc.toJS().models as { name: string; columns: { name: string; description?: string }[]; versions: { description?: string }[] }[]).find((m) => m.name === 'orders')!;
    // Both versions were asked (4 texts for the 2 shared columns), each column got one of them.
    const columnAnswers = orders.columns.filter((c) => ['coupon_amount', 'amount'].includes(c.name)).map((c) => c.description);
    expect(columnAnswers).toHaveLength(2);
    for (const answer of columnAnswers) expect(answer).toMatch(/^Answer number \d+\.$/);
    expect(orders.versions.map((v) => v.description)).toEqual([expect.stringMatching(/^Answer number/), expect.stringMatching(/^Answer number/)]);
    const check = await runCli(['yaml', 'document', '--check', '-s', 'orders'], { cwd: dir, env });
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });
});
