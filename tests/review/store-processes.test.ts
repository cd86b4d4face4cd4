/**
 * The store across processes: two processes acting at once lose no line and corrupt none; two
 * acting on the same proposal with the same revision give one update and one conflict.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendJsonLines } from '../../src/review/append-lines.js';
import { openReviewStore } from '../../src/review/open-review-store.js';
import { storePaths } from '../../src/review/store-paths.js';
import { compileReviewModule } from './compile-review-module.js';
import { makeProposal } from './make-proposal.js';

const run = promisify(execFile);
let build: string;
const temps: string[] = [];

beforeAll(async () => {
  build = await compileReviewModule();
}, 120_000);

afterAll(async () => {
  await rm(build, { recursive: true, force: true });
  for (const t of temps) await rm(t, { recursive: true, force: true });
});

async function seeded(count: number): Promise<{ dir: string; ids: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'osmosis-review-procs-'));
  temps.push(dir);
  // Long texts: each line is larger than a pipe buffer, so torn writes would show.
  const proposals = Array.from({ length: count }, (_, i) => makeProposal(`model.p.m${i}`, 'description', `Text ${i} ${'x'.repeat(6000)}`));
  await appendJsonLines(storePaths(dir).proposals, proposals);
  return { dir, ids: proposals.map((p) => p.id) };
}

function actor(dir: string, name: string, action: string, items: string[]): Promise<{ stdout: string }> {
  return run(process.execPath, [join(build, 'actor.mjs'), dir, name, action, ...items]);
}

describe('review store, two processes', () => {
  it('concurrent actions keep every line whole and every action recorded', async () => {
    const { dir, ids } = await seeded(40);
    const half = ids.length / 2;
    await Promise.all([actor(dir, 'Ada', 'approve', ids.slice(0, half)), actor(dir, 'Bob', 'reject', ids.slice(half))]);
    const store = await openReviewStore({ projectDir: dir });
    const { proposals, diagnostics } = await store.list();
    expect(diagnostics).toEqual([]);
    expect(proposals).toHaveLength(ids.length);
    expect(proposals.slice(0, half).every((p) => p.status === 'approved' && p.reviewedBy === 'Ada' && p.revision === 1)).toBe(true);
    expect(proposals.slice(half).every((p) => p.status === 'rejected' && p.reviewedBy === 'Bob' && p.revision === 1)).toBe(true);
    const lines = (await readFile(storePaths(dir).proposals, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(ids.length * 2);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const audit = (await readFile(storePaths(dir).audit, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(audit.filter((a) => a.action === 'approve')).toHaveLength(half);
    expect(audit.filter((a) => a.action === 'reject')).toHaveLength(half);
  }, 60_000);

  it('the same proposal at the same revision: one update, one conflict, nothing overwritten', async () => {
    const { dir, ids } = await seeded(1);
    const id = ids[0] as string;
    const [a, b] = await Promise.all([actor(dir, 'Ada', 'approve', [`${id}@0`]), actor(dir, 'Bob', 'reject', [`${id}@0`])]);
    const results = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
    expect(results.map((r) => r.updated).sort()).toEqual([0, 1]);
    expect(results.map((r) => r.conflicts).sort()).toEqual([0, 1]);
    const [proposal] = (await (await openReviewStore({ projectDir: dir })).list()).proposals;
    const winner = results[0].updated === 1 ? { status: 'approved', by: 'Ada' } : { status: 'rejected', by: 'Bob' };
    expect(proposal).toMatchObject({ status: winner.status, reviewedBy: winner.by, revision: 1 });
    expect(proposal?.history?.map((h) => h.action)).toEqual([winner.status === 'approved' ? 'approve' : 'reject']);
  }, 60_000);
});
