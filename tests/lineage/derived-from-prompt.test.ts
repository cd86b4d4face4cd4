import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build-graph.js';
import { buildDocState } from '../../src/inheritance/build-doc-state.js';
import { placeholderSet } from '../../src/inheritance/doc-state.js';
import { inheritColumnDocs } from '../../src/inheritance/inherit-column-docs.js';
import type { ColumnLineage } from '../../src/lineage/types.js';
import { buildBulkRequest, type RequestSettings } from '../../src/synthesis/plan/build-request.js';
import { nodeContext } from '../../src/synthesis/plan/node-context.js';
import { DEFAULT_PROMPT_TEMPLATES } from '../../src/synthesis/plan/prompt-templates.js';
import { makeNode } from '../graph/make-node.js';
import { countTokens } from '../synthesis/fakes.js';

const settings: RequestSettings = { templates: DEFAULT_PROMPT_TEMPLATES, maxSqlTokens: 2000, maxUpstreamTokens: 2000, maxOutputTokensPerColumn: 150, countTokens };
const col = (name: string, description = '') => ({ name, description, meta: {}, tags: [] });

describe('an expression column in the synthesis prompt', () => {
  it('inherits nothing and carries the columns it reads with their texts', () => {
    const nodes = new Map([
      ['model.p.orders', makeNode('model.p.orders', { columns: [col('amount_cents', 'Amount in cents'), col('rate')] })],
      ['model.p.facts', makeNode('model.p.facts', { dependsOn: ['model.p.orders'], columns: [col('amount_cents'), col('amount_usd')] })],
    ]);
    const graph = buildGraph(nodes);
    const state = buildDocState({ nodes, entries: new Map(), writablePackage: 'other' });
    const lineage: Record<string, ColumnLineage> = {
      amount_usd: { kind: 'known', sources: [{ node: 'model.p.orders', column: 'amount_cents', transform: 'expression' }, { node: 'model.p.orders', column: 'rate', transform: 'expression' }] },
    };
    const placeholders = placeholderSet([]);
    const changes = inheritColumnDocs('model.p.facts', state, (n) => graph.walkAncestorGenerations(n), {
      forceInheritDescriptions: false,
      placeholders,
      lineage: (node, column) => (node === 'model.p.facts' ? lineage[column] : undefined),
    });
    // amount_cents has no lineage here: name matching; amount_usd is an expression: nothing.
    expect(changes.map((c) => [c.column, c.byLineage])).toEqual([['amount_cents', false]]);
    const doc = state.get('model.p.facts');
    if (!doc) throw new Error('no doc');
    expect(doc.byName.get('amount_usd')?.description).toBe('');
    const ctx = nodeContext(doc, state, graph, placeholders);
    if (!ctx) throw new Error('nothing missing');
    const prompt = buildBulkRequest(ctx, ctx.missingColumns, false, settings).messages.map((m) => m.content).join('\n');
    expect(prompt).toContain("- amount_usd: unknown type — (undocumented) derived from `orders.amount_cents`: 'Amount in cents'; `orders.rate`");
  });
});
