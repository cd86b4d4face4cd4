import { describe, expect, it } from 'vitest';
import { countDocumented } from '../../src/review/count-documented.js';
import { placeholderSet } from '../../src/inheritance/doc-state.js';
import type { EntryLocation } from '../../src/project/load-project.js';
import type { YamlColumn } from '../../src/yaml/types.js';
import { makeProposal } from './make-proposal.js';

function column(name: string, description?: string): YamlColumn {
  return { name, ...(description !== undefined ? { description } : {}), tags: [], meta: {}, path: [], tagsKey: 'tags', metaKey: 'meta', hasTagsKey: false, hasMetaKey: false, hasConfig: false };
}

function entry(name: string, description: string | undefined, columns: YamlColumn[]): EntryLocation {
  return { file: 'models/schema.yml', entry: { section: 'models', name, ...(description !== undefined ? { description } : {}), path: [], columns, columnsPath: [] } };
}

describe('the review dashboard', () => {
  it('documented share before, after applied and with pending; counts by status; spend', () => {
    const entries = new Map([
      ['model.p.a', entry('a', 'A rows.', [column('id', 'Key.'), column('x', 'Applied text.'), column('y', 'Not documented')])],
      ['model.p.b', entry('b', undefined, [column('x')])],
    ]);
    const applied = makeProposal('model.p.a', 'columns.x.description', 'Applied text.', {
      status: 'applied',
      appliedTo: [{ node: 'model.p.a', column: 'x', path: 'models/schema.yml', before: null }],
    });
    const pending = makeProposal('model.p.a', 'columns.y.description', 'Y.', { inheritedBy: [{ node: 'model.p.b', column: 'x' }], generation: { ...applied.generation, costUsd: 0.25 } });
    const rejected = makeProposal('model.p.b', 'description', 'B.', { status: 'rejected', generation: { ...applied.generation, costUsd: 0.5, cached: true } });
    const dashboard = countDocumented({ entries, proposals: [applied, pending, rejected], placeholders: placeholderSet(['Not documented']) });
    // 6 targets: a, a.id, a.x, a.y, b, b.x. Documented now: a, a.id, a.x; a.x came from apply.
    expect(dashboard.documented).toEqual({ before: 2, afterApplied: 3, withPending: 5, total: 6 });
    expect(dashboard.counts).toEqual({ pending: 1, approved: 0, rejected: 1, applied: 1, rolled_back: 0, stale: 0 });
    // A cached answer cost nothing this time.
    expect(dashboard.spendUsd).toBeCloseTo(0.0001 + 0.25);
  });
});
