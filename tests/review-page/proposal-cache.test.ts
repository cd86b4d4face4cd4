/** The server's snapshot of the store: reused while the files are unchanged, read again after any change. */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openReviewStore, type ReviewStore } from '../../src/review/index.js';
import { createProposalCache } from '../../src/review/server/proposal-cache.js';
import { seedReviewProject } from './seed-review-project.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** Counts the store's reads, to see when the cache reads again. */
function counting(store: ReviewStore): { store: ReviewStore; reads: () => number } {
  let reads = 0;
  return { store: { ...store, list: () => ((reads += 1), store.list()) }, reads: () => reads };
}

describe('proposal cache', () => {
  it('reads once while the store files are unchanged, and again after another process acts', async () => {
    const seeded = seedReviewProject();
    dir = seeded.dir;
    const files = ['proposals.jsonl', 'audit.jsonl'].map((f) => path.join(dir!, '.osmosis', f));
    const { store, reads } = counting(await openReviewStore({ projectDir: dir }));
    const snapshot = createProposalCache(store, files);
    const first = await snapshot();
    expect(await snapshot()).toBe(first);
    expect(reads()).toBe(1);
    const list = JSON.parse(first.listBody) as { proposals: { id: string; status: string; context?: unknown; inherited: number }[] };
    expect(list.proposals).toHaveLength(6);
    expect(list.proposals[0]).not.toHaveProperty('context');
    expect(first.byId.get(seeded.proposals[1]!.id)?.context.sqlExcerpt).toContain('select');

    // The terminal (another store on the same files) approves one.
    const terminal = await openReviewStore({ projectDir: dir });
    const target = seeded.proposals[2]!;
    await terminal.act({ actor: 'cli', action: 'approve', items: [{ id: target.id, revision: 0 }] });
    const second = await snapshot();
    expect(reads()).toBe(2);
    expect(second.byId.get(target.id)).toMatchObject({ status: 'approved', reviewedBy: 'cli', revision: 1 });
  });

  it('without store files, reads on every call', async () => {
    const seeded = seedReviewProject();
    dir = seeded.dir;
    const { store, reads } = counting(await openReviewStore({ projectDir: dir }));
    const snapshot = createProposalCache(store, []);
    await snapshot();
    await snapshot();
    expect(reads()).toBe(2);
  });
});
