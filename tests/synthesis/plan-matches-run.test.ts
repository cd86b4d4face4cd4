/**
 * The dry run and the run read one plan (src/synthesis/plan/): the requests `--llm-dry-run`
 * plans for a node are, byte for byte, the bodies the run then sends to the provider (the fake
 * server records them), and their cache keys are the ones the run stores answers under.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SynthesisOptions } from '../../src/config/types.js';
import { documentProject } from '../../src/library-entry.js';
import type { ProviderName } from '../../src/llm/types.js';
import { buildBody as anthropicBody } from '../../src/llm/providers/anthropic-messages.js';
import { buildBody as openAiBody } from '../../src/llm/providers/openai-chat.js';
import type { ProgressEvent } from '../../src/progress.js';
import { documentOptions } from '../helpers/document-options.js';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { fakeLlmSettings, fakeSynthesisOptions } from '../helpers/fake-llm-settings.js';
import { writeMiniProject, type MiniModel } from '../helpers/mini-project.js';
import { DEFAULT_ENRICH_KEYS, DEFAULT_PII_CATEGORIES } from '../../src/enrich/types.js';

type PlannedEvent = Extract<ProgressEvent, { type: 'llm-planned-request' }>;

const cols = (prefix: string, n: number): { name: string }[] =>
  Array.from({ length: n }, (_, i) => ({ name: `${prefix}_${i + 1}` }));

/*
 * stg_orders: 12 missing columns → one bulk request. stg_customers: 3 columns and the description
 * → per-column requests sharing a prefix (Anthropic cache breakpoints). stg_payments is fully
 * documented, so pay_summary's prompt carries real upstream docs. customers reads stg_customers,
 * which this run synthesizes: its prompt holds the run's answers, the dry run's stand-ins.
 */
const MODELS: MiniModel[] = [
  { name: 'stg_orders', columns: cols('order_field', 12) },
  { name: 'stg_customers', columns: [{ name: 'customer_id' }, { name: 'first_name' }, { name: 'last_name' }] },
  {
    name: 'stg_payments',
    description: 'One row per payment attempt.',
    columns: [
      { name: 'payment_id', description: 'The payment attempt.' },
      { name: 'amount', description: 'Amount paid, in dollars.' },
    ],
  },
  { name: 'pay_summary', deps: ['stg_payments'], description: 'Payments per day.', columns: [{ name: 'payment_id' }, { name: 'paid_on' }, { name: 'total' }] },
  { name: 'customers', deps: ['stg_customers'], description: 'One row per customer.', columns: [{ name: 'customer_id' }, { name: 'ltv' }] },
];

let server: FakeLlmServer;
const temps: string[] = [];
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(async () => {
  await server?.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'osmosis-plan-run-'));
  temps.push(dir);
  return writeMiniProject(MODELS, dir);
}

function synthesisOptions(provider: ProviderName, extra: Partial<SynthesisOptions>): SynthesisOptions {
  return fakeSynthesisOptions(server, provider, { concurrency: 3, ...extra });
}

async function dryRun(dir: string, provider: ProviderName, cachePath?: string, extra: Partial<SynthesisOptions> = {}): Promise<PlannedEvent[]> {
  const planned: PlannedEvent[] = [];
  await documentProject(
    documentOptions(dir, { lineage: false, synthesize: true, synthesis: synthesisOptions(provider, { llmDryRun: true, ...extra, ...(cachePath ? { cachePath } : {}) }) }),
    { onProgress: (e) => void (e.type === 'llm-planned-request' && planned.push(e)) },
  );
  return planned;
}

/** The body the provider's SDK sends for a planned request (structured output accepted). */
function wireBody(provider: ProviderName, event: PlannedEvent): string {
  const settings = fakeLlmSettings(server, provider);
  return JSON.stringify(provider === 'anthropic' ? anthropicBody(settings, event.request) : openAiBody(settings, event.request, 'json_schema'));
}

describe('--llm-dry-run plans the very requests the run sends', () => {
  for (const provider of ['openai', 'anthropic'] as const) {
    it(provider, async () => {
      server.reset();
      const planned = await dryRun(project(), provider);
      expect(server.requests, 'the dry run sends nothing').toHaveLength(0);
      const byNode = new Map<string, PlannedEvent[]>();
      for (const e of planned) byNode.set(e.node, [...(byNode.get(e.node) ?? []), e]);
      expect([...byNode.keys()].sort()).toEqual(
        ['customers', 'pay_summary', 'stg_customers', 'stg_orders'].map((n) => `model.mini.${n}`),
      );
      expect(byNode.get('model.mini.stg_orders')?.map((e) => e.kind)).toEqual(['bulk']);
      expect(byNode.get('model.mini.stg_customers')?.map((e) => e.kind)).toEqual(['column', 'column', 'column', 'node-description']);
      expect(byNode.get('model.mini.customers')?.every((e) => e.assumedUpstream)).toBe(true);

      const cachePath = path.join(temps[0] ?? tmpdir(), `${provider}-answers.sqlite`);
      const report = await documentProject(
        documentOptions(project(), { lineage: false, synthesize: true, synthesis: synthesisOptions(provider, { cachePath }) }),
      );
      expect(report.failures).toEqual([]);
      // Valid answers: no repair and no fallback, so the run sends exactly the planned requests.
      expect(server.requests).toHaveLength(planned.length);
      const sent = server.requests.map((r) => r.rawBody);
      let compared = 0;
      for (const [node, events] of byNode) {
        if (events.some((e) => e.assumedUpstream)) continue;
        for (const event of events) {
          const body = wireBody(provider, event);
          expect(sent.filter((s) => s === body), `${node} ${event.kind} ${event.column ?? ''}`).toHaveLength(1);
          compared++;
        }
      }
      // stg_orders 1 bulk, stg_customers 4, pay_summary 2 (payment_id is inherited).
      expect(compared).toBe(1 + 4 + 2);
      // Why customers is left out: its planned prompt carries stand-ins where the run has answers.
      const customers = byNode.get('model.mini.customers') ?? [];
      expect(customers.map((e) => wireBody(provider, e).includes('Stand-in for synthesized text'))).toEqual([true]);
      expect(sent.filter((s) => s.includes('Stand-in for synthesized text'))).toEqual([]);

      // A new plan on a fresh copy finds the run's answers under its own cache keys.
      const again = await dryRun(project(), provider, cachePath);
      const keys = new Map(planned.map((e) => [`${e.node} ${e.kind} ${e.column ?? ''}`, e.cacheKey]));
      for (const event of again.filter((e) => !e.assumedUpstream)) {
        expect(event.cached, `${event.node} ${event.column ?? event.kind}`).toBe(true);
        expect(event.cacheKey).toBe(keys.get(`${event.node} ${event.kind} ${event.column ?? ''}`));
      }
    }, 60_000);
  }
});

describe('--llm-dry-run with --enrich plans the very requests the run sends', () => {
  const enrich: Partial<SynthesisOptions> = {
    enrich: { fields: ['pii', 'tags', 'tests', 'purpose'], extraTags: ['finance'], piiCategories: [...DEFAULT_PII_CATEGORIES], keys: DEFAULT_ENRICH_KEYS, styleExamples: true, apply: false },
  };
  it('openai: description requests carry the enrichment; a described node sends its own', async () => {
    server.reset();
    const planned = await dryRun(project(), 'openai', undefined, enrich);
    const kinds = (node: string): string[] => planned.filter((e) => e.node === `model.mini.${node}`).map((e) => e.kind);
    // stg_orders: folded into its bulk request. stg_customers: each column request asks that
    // column's fields, the description request the purpose: nothing is left to ask on its own.
    expect(kinds('stg_orders')).toEqual(['bulk']);
    expect(kinds('stg_customers')).toEqual(['column', 'column', 'column', 'node-description']);
    expect(planned.filter((e) => e.node === 'model.mini.stg_customers').every((e) => e.request.responseSchema?.name.endsWith('_and_enrichment'))).toBe(true);
    // stg_payments is fully documented: its one request is the enrichment.
    expect(kinds('stg_payments')).toEqual(['enrich']);
    const bulk = planned.find((e) => e.kind === 'bulk');
    expect(bulk?.request.responseSchema?.schema).toMatchObject({ required: ['model_description', 'columns', 'enrichment'] });

    const cachePath = path.join(temps[0] ?? tmpdir(), 'openai-enrich-answers.sqlite');
    const report = await documentProject(
      documentOptions(project(), { lineage: false, synthesize: true, synthesis: synthesisOptions('openai', { cachePath, ...enrich }) }),
    );
    expect(report.failures).toEqual([]);
    expect(server.requests).toHaveLength(planned.length);
    expect(server.requests.filter((r) => r.schemaName === 'enrichment')).toHaveLength(planned.filter((e) => e.kind === 'enrich').length);
    const sent = server.requests.map((r) => r.rawBody);
    let compared = 0;
    for (const event of planned) {
      const body = wireBody('openai', event);
      // Enrichment requests sent after a node's own descriptions hold stand-ins in the plan.
      if (event.assumedUpstream || body.includes('Stand-in for synthesized text')) continue;
      expect(sent.filter((s) => s === body), `${event.node} ${event.kind} ${event.column ?? ''}`).toHaveLength(1);
      compared++;
    }
    // stg_orders' folded bulk, stg_customers 4, stg_payments' enrichment (pay_summary and
    // customers read nodes this run enriches, so the plan marks them as assumed).
    expect(compared).toBe(1 + 4 + 1);

    // Again on a fresh copy: everything is answered from the cache, the folded enrichment included.
    server.reset();
    const again = await dryRun(project(), 'openai', cachePath, enrich);
    for (const event of again.filter((e) => !e.assumedUpstream)) expect(event.cached, `${event.node} ${event.column ?? event.kind}`).toBe(true);
  }, 60_000);
});
