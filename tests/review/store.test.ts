/** The review store in one process: bad lines, re-runs, the stale rule, actions, compaction, export. */
import { mkdtemp, readFile, rm, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendJsonLines } from '../../src/review/append-lines.js';
import { compactStore } from '../../src/review/compact-store.js';
import { auditToCsv } from '../../src/review/export-history.js';
import { mergeRunProposals, targetKey, type CandidateProposal } from '../../src/review/merge-run-proposals.js';
import { openReviewStore } from '../../src/review/open-review-store.js';
import { storePaths } from '../../src/review/store-paths.js';
import type { Proposal } from '../../src/review/types.js';
import { makeProposal } from './make-proposal.js';

const temps: string[] = [];
afterEach(async () => {
  for (const t of temps.splice(0)) await rm(t, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'osmosis-review-store-'));
  temps.push(dir);
  return dir;
}

function candidate(p: Proposal): CandidateProposal {
  const { status: _s, revision: _r, current: _c, ...rest } = p;
  return rest;
}

const NOW = '2026-02-01T00:00:00.000Z';

describe('review store', () => {
  it('reports a malformed line with its number and keeps the others', async () => {
    const dir = await tempDir();
    const paths = storePaths(dir);
    const a = makeProposal('model.p.a', 'description', 'A.');
    const b = makeProposal('model.p.b', 'description', 'B.');
    await appendJsonLines(paths.proposals, [a]);
    await appendFile(paths.proposals, '{"id": "broken", \n');
    await appendFile(paths.proposals, `${JSON.stringify({ ...b, status: 'maybe' })}\n`);
    await appendJsonLines(paths.proposals, [b]);
    const { proposals, diagnostics } = await (await openReviewStore({ projectDir: dir })).list();
    expect(proposals.map((p) => p.id)).toEqual([a.id, b.id]);
    expect(diagnostics).toHaveLength(2);
    expect(diagnostics[0]).toMatchObject({ file: '.osmosis/proposals.jsonl', line: 2 });
    expect(diagnostics[0]?.message).toMatch(/not JSON/);
    expect(diagnostics[1]).toMatchObject({ line: 3 });
    expect(diagnostics[1]?.message).toMatch(/status/);
    // Compaction would drop them: refused, nothing changed.
    const before = await readFile(paths.proposals, 'utf8');
    await expect(compactStore(paths)).rejects.toThrow(/line\(s\) 2, 3 cannot be read/);
    expect(await readFile(paths.proposals, 'utf8')).toBe(before);
  });

  it('the same node, field and text give the same id; a re-run adds nothing', () => {
    const p = makeProposal('model.p.a', 'columns.x.description', 'X is the key.');
    expect(makeProposal('model.p.a', 'columns.x.description', 'X is the key.').id).toBe(p.id);
    expect(makeProposal('model.p.a', 'columns.y.description', 'X is the key.').id).not.toBe(p.id);
    const first = mergeRunProposals({ existing: [], candidates: [candidate(p)], documented: new Set(), actor: 'Ada', now: NOW });
    expect(first.counts).toEqual({ created: 1, replaced: 0, stale: 0 });
    const again = mergeRunProposals({ existing: first.lines, candidates: [candidate(p)], documented: new Set(), actor: 'Ada', now: NOW });
    expect(again).toEqual({ lines: [], audit: [], counts: { created: 0, replaced: 0, stale: 0 } });
    // Also once a person answered it: a rejected proposal is not proposed again.
    const rejected = { ...first.lines[0]!, status: 'rejected' as const, revision: 1 };
    expect(mergeRunProposals({ existing: [rejected], candidates: [candidate(p)], documented: new Set(), actor: 'Ada', now: NOW }).lines).toEqual([]);
  });

  it('a pending proposal turns stale when the YAML got a real text; a new answer replaces a pending one', () => {
    const old = makeProposal('model.p.a', 'description', 'Old answer.');
    const other = makeProposal('model.p.b', 'description', 'B answer.');
    const approved = makeProposal('model.p.c', 'description', 'C answer.', { status: 'approved', revision: 1 });
    const fresh = makeProposal('model.p.a', 'description', 'New answer.');
    const freshC = makeProposal('model.p.c', 'description', 'Another C.');
    const result = mergeRunProposals({
      existing: [old, other, approved],
      candidates: [candidate(fresh), candidate(freshC)],
      documented: new Set([targetKey('model.p.b', 'description')]),
      actor: 'Ada',
      now: NOW,
    });
    expect(result.counts).toEqual({ created: 1, replaced: 1, stale: 1 });
    const byId = new Map(result.lines.map((l) => [l.id, l]));
    expect(byId.get(other.id)).toMatchObject({ status: 'stale', revision: 1 });
    expect(byId.get(old.id)).toMatchObject({ status: 'stale', revision: 1 });
    expect(byId.get(old.id)?.note).toMatch(/replaced by a newer answer/);
    expect(byId.get(fresh.id)).toMatchObject({ status: 'pending', revision: 0, current: 'New answer.' });
    // A person's approval is never replaced by a new answer.
    expect(byId.has(freshC.id)).toBe(false);
    expect(result.audit.map((a) => a.action).sort()).toEqual(['propose', 'stale', 'stale']);
  });

  it('actions: revision conflicts, edit approves, wrong status refused, unknown ids reported', async () => {
    const dir = await tempDir();
    const a = makeProposal('model.p.a', 'description', 'A.');
    const b = makeProposal('model.p.b', 'description', 'B.');
    await appendJsonLines(storePaths(dir).proposals, [a, b]);
    const store = await openReviewStore({ projectDir: dir });
    const edit = await store.act({ actor: 'Ada', action: 'edit', items: [{ id: a.id, revision: 0 }], text: 'A, better.', note: 'tone' });
    expect(edit.updated[0]).toMatchObject({ status: 'approved', current: 'A, better.', proposed: 'A.', revision: 1, reviewedBy: 'Ada', note: 'tone' });
    const stale = await store.act({ actor: 'Bob', action: 'reject', items: [{ id: a.id, revision: 0 }, { id: 'f'.repeat(64), revision: 0 }] });
    expect(stale.updated).toEqual([]);
    expect(stale.conflicts[0]).toMatchObject({ id: a.id, current: { status: 'approved', revision: 1 } });
    expect(stale.unknown).toEqual(['f'.repeat(64)]);
    await expect(store.act({ actor: 'Bob', action: 'edit', items: [{ id: b.id, revision: 0 }], text: '  ' })).rejects.toThrow(/--text is empty/);
    // Applied text is undone by rollback, not by reject.
    await appendJsonLines(storePaths(dir).proposals, [{ ...b, status: 'applied', revision: 1 }]);
    const refused = await store.act({ actor: 'Bob', action: 'reject', items: [{ id: b.id, revision: 1 }] });
    expect(refused.conflicts[0]?.reason).toBe('cannot reject a proposal that is applied');
    const { proposals } = await store.list();
    expect(proposals.find((p) => p.id === a.id)?.history).toMatchObject([{ action: 'edit', actor: 'Ada', before: 'A.', after: 'A, better.', note: 'tone' }]);
  });

  it('compact keeps one line per proposal and leaves the audit alone', async () => {
    const dir = await tempDir();
    const paths = storePaths(dir);
    const a = makeProposal('model.p.a', 'description', 'A.');
    await appendJsonLines(paths.proposals, [a]);
    const store = await openReviewStore({ projectDir: dir });
    await store.act({ actor: 'Ada', action: 'approve', items: [{ id: a.id, revision: 0 }] });
    await store.act({ actor: 'Ada', action: 'reject', items: [{ id: a.id, revision: 1 }] });
    const audit = await readFile(paths.audit, 'utf8');
    expect(await compactStore(paths)).toEqual({ before: 3, after: 1 });
    const lines = (await readFile(paths.proposals, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ id: a.id, status: 'rejected', revision: 2 });
    expect(await readFile(paths.audit, 'utf8')).toBe(audit);
  });

  it('exports the audit as CSV, quoting what needs it and defusing formulas', () => {
    const csv = auditToCsv([
      { at: NOW, actor: 'Ada <ada@example.com>', action: 'edit', id: 'abc', node: 'model.p.a', field: 'description', before: 'Line one,\n"two"', after: '=HYPERLINK("x")' },
    ]);
    expect(csv).toBe(
      'at,actor,action,id,node,field,before,after,note\r\n' +
        `${NOW},Ada <ada@example.com>,edit,abc,model.p.a,description,"Line one,\n""two""","'=HYPERLINK(""x"")",\r\n`,
    );
  });
});
