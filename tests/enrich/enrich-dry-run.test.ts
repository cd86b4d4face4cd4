/**
 * The dry run counts enrichment requests (one per node, a node with every description included)
 * and shows the fields each node's requests carry; the run then sends exactly that many.
 */
import { describe, expect, it } from 'vitest';
import { documentProject } from '../../src/library-entry.js';
import { formatDryRunPlan } from '../../src/cli/format-report.js';
import { documentOptions } from '../helpers/document-options.js';
import { enrichOptions, jaffleCopy, useFakeServer } from './jaffle-copy.js';
import type { SynthesisOptions } from '../../src/config/types.js';

const fake = useFakeServer();
const temps = fake.temps;

describe('--enrich in the dry run', () => {
  it('counts the enrichment requests the run then sends', async () => {
    const { dir, cache } = jaffleCopy(temps);
    fake.server().reset();
    const { enrich: _enrich, ...withoutEnrich } = enrichOptions(fake.server(), cache, { llmDryRun: true });
    const plain = await documentProject(documentOptions(dir, { synthesize: true, synthesis: withoutEnrich }));
    const planned = await documentProject(documentOptions(dir, { synthesize: true, synthesis: enrichOptions(fake.server(), cache, { llmDryRun: true }) }));
    expect(fake.server().requests).toEqual([]);
    const rows = planned.llmPlan?.rows ?? [];
    const plainRows = plain.llmPlan?.rows ?? [];
    // Every node's enrichment is asked: in its description requests, and in one request of its
    // own for what they do not ask (columns already described, or a node with nothing to describe).
    expect(rows.map((r) => r.node).sort()).toHaveLength(8);
    let own = 0;
    for (const row of rows) {
      const before = plainRows.find((r) => r.node === row.node);
      expect([0, 1], row.node).toContain(row.calls - (before?.calls ?? 0));
      own += row.calls - (before?.calls ?? 0);
      // The fixture has no catalog: seeds have no known columns, so only node fields are asked.
      expect(row.enrichFields, row.node).toEqual(row.node.startsWith('seed.') ? ['tags', 'purpose'] : expect.arrayContaining(['pii', 'tags', 'purpose']));
    }
    const table = formatDryRunPlan(rows, [], undefined);
    expect(table).toMatch(/model\.jaffle_shop_duckdb\.customers \*\s+per-column \+pii,tags,tests,purpose\s+\d+ /);
    // orders has every description: its one request is the enrichment.
    expect(table).toMatch(/model\.jaffle_shop_duckdb\.orders \*\s+\+pii,tags,tests,purpose\s+1 /);

    const run = await documentProject(documentOptions(dir, { synthesize: true, synthesis: enrichOptions(fake.server(), cache) }));
    expect(run.failures).toEqual([]);
    expect(fake.server().requests.length).toBe(rows.reduce((n, r) => n + r.calls, 0));
    expect(own).toBeGreaterThan(0);
    expect(own).toBeLessThan(8);
    expect(fake.server().requests.filter((r) => r.schemaName === 'enrichment')).toHaveLength(own);

    // With the descriptions written, a plan's enrichment requests are the very ones the run sent.
    const replanned = await documentProject(documentOptions(dir, { synthesize: true, synthesis: enrichOptions(fake.server(), cache, { llmDryRun: true }) }));
    const again = replanned.llmPlan?.rows ?? [];
    expect(again.map((r) => [r.strategy, r.calls, r.cacheHits])).toEqual(again.map(() => ['none', 1, 1]));
    expect(again).toHaveLength(8);
  });

  it('sends the voice only with --enrich, and not with style_examples off', async () => {
    const { dir, cache } = jaffleCopy(temps);
    const prompts = async (synthesis: SynthesisOptions): Promise<string[]> => {
      const seen: string[] = [];
      await documentProject(documentOptions(dir, { synthesize: true, synthesis }), {
        onProgress: (event) => {
          if (event.type === 'llm-planned-request') seen.push(event.request.messages.map((m) => m.content).join('\n'));
        },
      });
      return seen;
    };
    const base = enrichOptions(fake.server(), cache, { llmDryRun: true });
    const { enrich, ...withoutEnrich } = base;
    const voiced = await prompts(base);
    expect(voiced.filter((p) => p.includes('<<<BEGIN style_examples>>>')).length).toBeGreaterThan(10);
    expect(voiced.join('\n')).toContain("- customers: This table has basic information about a customer");
    for (const synthesis of [withoutEnrich, { ...base, enrich: { ...enrich!, styleExamples: false } }]) {
      const plain = await prompts(synthesis);
      expect(plain.length).toBeGreaterThan(0);
      for (const p of plain) expect(p).not.toContain('style_examples');
    }
  });

  it('holds enrichment requests to the budget: what does not fit is left for the next run', async () => {
    const { dir, cache } = jaffleCopy(temps);
    fake.server().reset();
    const priced = { priceOverrides: { 'gpt-fake-1': { inputPerMTok: 100, outputPerMTok: 400 } } };
    const plan = await documentProject(documentOptions(dir, { synthesize: true, synthesis: enrichOptions(fake.server(), cache, { ...priced, llmDryRun: true }) }));
    const rows = plan.llmPlan?.rows ?? [];
    const total = rows.reduce((usd, r) => usd + (r.usd ?? 0), 0);
    // Room for about half the plan: the run must stop before the rest, enrichment included.
    const report = await documentProject(documentOptions(dir, { synthesize: true, synthesis: enrichOptions(fake.server(), cache, { ...priced, maxCostUsd: total / 2, concurrency: 1 }) }));
    expect(report.stoppedAtBudget).toBe(true);
    expect(report.failures).toEqual([]);
    expect(report.llm.costUsd ?? Infinity).toBeLessThanOrEqual(total / 2);
    // Nodes whose enrichment was asked, in a request of its own or folded into a description request.
    const nodeOf = (prompt: string): string => /The dbt \w+ "([^"]+)"/.exec(prompt)?.[1] ?? '?';
    const enriched = new Set(fake.server().requests.filter((r) => r.schemaName === 'enrichment' || (r.schemaName ?? '').endsWith('_and_enrichment')).map((r) => nodeOf(r.prompt)));
    expect(enriched.size).toBeGreaterThan(0);
    expect(enriched.size).toBeLessThan(8);
  });
});
