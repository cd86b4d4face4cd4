import { describe, expect, it } from 'vitest';
import type { LanguageModel } from '../../src/llm/types.js';
import { Budget } from '../../src/cost/budget.js';
import { estimateSynthesis } from '../../src/synthesis/plan/estimate-plan.js';
import { scheduleSynthesis } from '../../src/synthesis/run/schedule-synthesis.js';
import { synthesizeNode } from '../../src/synthesis/run/synthesize-node.js';
import type { NodeSynthesisResult, SynthesisNodeContext } from '../../src/synthesis/types.js';
import { fakeDescription } from '../helpers/fake-llm-answers.js';
import type { GenerateRequest } from '../../src/llm/types.js';
import { buildColumnRequest } from '../../src/synthesis/plan/build-request.js';
import { requestSettingsOf } from '../../src/synthesis/plan/choose-strategy.js';
import { answerFor, askedColumn, columnNames, countRequestTokens, FakeModel, makeDeps, makeNode, makeOptions, MapCache } from './fakes.js';

/** Answers of typical length (15-25 words), as a real model writes them. */
function realisticAnswer(req: GenerateRequest): unknown {
  const answer = answerFor(req) as { columns?: Record<string, string>; description?: string };
  if (answer.columns !== undefined) {
    for (const c of Object.keys(answer.columns)) answer.columns[c] = fakeDescription(c);
  } else {
    answer.description = fakeDescription(askedColumn(req) ?? 'model_description');
  }
  return answer;
}

/** stg (12 columns → bulk) → orders (inherits 2, asks 1 per column) ; lone (node description only). */
function makeProject() {
  const graph: Record<string, { parents: string[]; columns: string[]; describe?: boolean }> = {
    stg: { parents: [], columns: columnNames(12, 'c') },
    orders: { parents: ['stg'], columns: ['c_1', 'c_2', 'amount'] },
    lone: { parents: [], columns: [], describe: true },
  };
  const docs = new Map<string, Map<string, string>>(Object.keys(graph).map((id) => [id, new Map()]));
  const described = new Set<string>();
  const parents = (id: string) => graph[id]?.parents ?? [];
  const prepare = (id: string): SynthesisNodeContext | undefined => {
    const own = docs.get(id) as Map<string, string>;
    const spec = graph[id];
    if (spec === undefined) return undefined;
    for (const c of spec.columns) {
      for (const p of spec.parents) {
        const t = docs.get(p)?.get(c);
        if (t !== undefined && !own.has(c)) own.set(c, t);
      }
    }
    const missing = spec.columns.filter((c) => !own.has(c));
    const needsNodeDescription = spec.describe === true && !described.has(id);
    if (missing.length === 0 && !needsNodeDescription) return undefined;
    return {
      node: makeNode(id, { uniqueId: id }),
      columns: spec.columns.map((c) => ({ name: c, dataType: 'int', ...(own.has(c) ? { description: own.get(c) } : {}) })),
      missingColumns: missing,
      needsNodeDescription,
      upstream: spec.parents.map((p) => ({
        uniqueId: p,
        name: p,
        generation: 1,
        columns: [...(docs.get(p) ?? [])].map(([name, description]) => ({ name, description })),
      })),
    };
  };
  const apply = (id: string, result: NodeSynthesisResult) => {
    for (const [c, t] of result.columns) docs.get(id)?.set(c, t);
    if (result.nodeDescription !== undefined) described.add(id);
  };
  return { order: Object.keys(graph), parents, prepare, apply };
}

/** A model that must never be called. */
const noCalls: LanguageModel = {
  provider: 'openai',
  modelId: 'gpt-4o-mini',
  baseUrl: 'http://127.0.0.1:1/v1',
  generate: () => Promise.reject(new Error('the dry run called the model')),
};

const price = { inputPerMTok: 0.15, outputPerMTok: 0.6, source: 'override' as const };

describe('estimateSynthesis', () => {
  it('makes no call and counts exactly the input tokens the run sends', async () => {
    const estimate = await estimateSynthesis({ ...makeProject(), deps: makeDeps(noCalls, { price }) });
    expect(estimate.rows.map((r) => [r.nodeId, r.strategy, r.calls])).toEqual([
      ['stg', 'bulk', 1],
      ['orders', 'per-column', 1],
      ['lone', 'per-column', 1],
    ]);

    const model = new FakeModel(realisticAnswer);
    const deps = makeDeps(model, { price });
    await scheduleSynthesis({ ...makeProject(), concurrency: 1, synthesize: (ctx, gate) => synthesizeNode(ctx, { ...deps, gate }) });
    const sent = model.reportedInputTokens.reduce((a, b) => a + b, 0);
    expect(model.requests).toHaveLength(3);
    // Stand-ins differ from the real text for `orders`, so allow the spec's 5%.
    expect(Math.abs(estimate.totals.inputTokens - sent) / sent).toBeLessThan(0.05);
    // Nodes whose prompts hold nothing synthesized upstream are exact.
    expect(estimate.rows[0]?.inputTokens).toBe(model.reportedInputTokens[0]);
    expect(estimate.rows[2]?.inputTokens).toBe(model.reportedInputTokens[2]);
    expect(estimate.rows.map((r) => r.assumedUpstream)).toEqual([false, true, false]);
    expect(estimate.totals.usd).toBeGreaterThan(0);
    expect(estimate.totals.calls).toBe(3);
  });

  it('counts cache hits as free', async () => {
    const cache = new MapCache();
    const deps = makeDeps(new FakeModel(), { cache, price });
    await scheduleSynthesis({ ...makeProject(), concurrency: 1, synthesize: (ctx, gate) => synthesizeNode(ctx, { ...deps, gate }) });
    const estimate = await estimateSynthesis({ ...makeProject(), deps: makeDeps(noCalls, { cache, price }) });
    // stg and lone are cached exactly; orders' prompt holds stand-ins for stg's text, so it misses.
    expect(estimate.rows.map((r) => r.cacheHits)).toEqual([1, 0, 1]);
    expect(estimate.rows[0]?.usd).toBe(0);
    expect(estimate.totals.cacheHits).toBe(2);
  });

  it('says which nodes fit under the budget in schedule order', async () => {
    const first = await estimateSynthesis({ ...makeProject(), deps: makeDeps(noCalls, { price }) });
    // The bulk request of stg reserves its input plus 13 × 150 output tokens.
    const stgReservation = ((first.rows[0]?.inputTokens ?? 0) * 0.15 + 13 * 150 * 0.6) / 1e6;
    const fits = async (maxCostUsd: number) => {
      const deps = makeDeps(noCalls, { price, options: makeOptions({ maxCostUsd }) });
      return (await estimateSynthesis({ ...makeProject(), deps })).rows.map((r) => r.fitsBudget);
    };
    expect(await fits(stgReservation * 1.01)).toEqual([true, true, true]);
    // The run stops at the first call that could cross the budget: nothing after it fits either.
    expect(await fits(stgReservation * 0.99)).toEqual([false, false, false]);
  });

  it('decides what fits with the run\'s own budget rule, to the nano-dollar', async () => {
    const plain = await estimateSynthesis({ ...makeProject(), deps: makeDeps(noCalls, { price }) });
    const stg = plain.rows[0]?.requests[0];
    expect(stg?.planned.kind).toBe('bulk');
    expect(stg?.inputTokens).toBe(plain.rows[0]?.inputTokens);
    const reservation = stg?.reservationUsd ?? 0;
    expect(reservation).toBeGreaterThan(0);
    const outcomes: boolean[] = [];
    for (const maxCostUsd of [reservation - 1e-9, reservation, reservation + 1e-9]) {
      const options = makeOptions({ maxCostUsd });
      const estimate = await estimateSynthesis({ ...makeProject(), deps: makeDeps(noCalls, { price, options }) });
      const model = new FakeModel();
      const ctx = makeProject().prepare('stg');
      if (ctx === undefined) throw new Error('stg has nothing missing');
      const result = await synthesizeNode(ctx, makeDeps(model, { price, options, budget: new Budget(maxCostUsd) }));
      const ran = model.requests.length === 1 && result.stoppedAtBudget !== true;
      expect(estimate.rows[0]?.fitsBudget, `limit ${maxCostUsd}`).toBe(ran);
      outcomes.push(ran);
    }
    // The limits straddle the boundary: one nano-dollar under refuses, one over accepts.
    expect(outcomes[0]).toBe(false);
    expect(outcomes[2]).toBe(true);
  });

  it('reports an unknown price as unknown, not 0', async () => {
    const estimate = await estimateSynthesis({ ...makeProject(), deps: makeDeps(noCalls) });
    expect(estimate.rows[0]?.usd).toBeUndefined();
    expect(estimate.totals.usd).toBeUndefined();
    expect(estimate.totals.inputTokens).toBeGreaterThan(0);
  });
});

describe('estimateSynthesis with a provider prompt cache', () => {
  /** One node, four missing columns, SQL long enough for the shared prefix to pass 1,024 tokens. */
  function wideSqlProject() {
    const sql = Array.from({ length: 300 }, (_, i) => `  sum(amount_${i}) as total_${i},`).join('\n');
    const ctx: SynthesisNodeContext = {
      node: makeNode('orders', { uniqueId: 'orders', compiledCode: `select\n${sql}\n  1 as one\nfrom t` }),
      columns: ['a', 'b', 'c', 'd'].map((name) => ({ name, dataType: 'int' })),
      missingColumns: ['a', 'b', 'c', 'd'],
      needsNodeDescription: false,
      upstream: [],
    };
    return { order: ['orders'], parents: () => [], prepare: (id: string) => (id === 'orders' ? ctx : undefined), apply: () => undefined, ctx };
  }

  it('openai: the node\'s later requests read the shared prefix at the cached-input price', async () => {
    const project = wideSqlProject();
    const cachedPrice = { ...price, cachedInputPerMTok: 0.075 };
    const deps = makeDeps(noCalls, { price: cachedPrice });
    const estimate = await estimateSynthesis({ ...project, deps });
    const request = buildColumnRequest(project.ctx, 'a', requestSettingsOf(deps));
    const prefixTokens = countRequestTokens({ messages: request.messages.slice(0, 2), responseSchema: request.responseSchema! });
    expect(prefixTokens).toBeGreaterThan(1024);
    const cachedPerCall = 1024 + Math.floor((prefixTokens - 1024) / 128) * 128;
    expect(estimate.rows[0]?.cachedInputTokens).toBe(3 * cachedPerCall);
    expect(estimate.totals.cachedInputTokens).toBe(3 * cachedPerCall);
    const uncached = await estimateSynthesis({ ...project, deps: makeDeps(noCalls, { price }) });
    expect(uncached.rows[0]?.inputTokens).toBe(estimate.rows[0]?.inputTokens);
    expect((uncached.totals.usd ?? 0) - (estimate.totals.usd ?? 0)).toBeCloseTo((3 * cachedPerCall * (0.15 - 0.075)) / 1e6, 12);
  });

  it('anthropic: the first request writes the prefix at the write price, the others read it', async () => {
    const project = wideSqlProject();
    const claude: LanguageModel = { ...noCalls, provider: 'anthropic', modelId: 'claude-sonnet-4-20250514' };
    const sonnet = { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75, source: 'override' as const };
    const estimate = await estimateSynthesis({ ...project, deps: makeDeps(claude, { price: sonnet }) });
    const plain = await estimateSynthesis({ ...project, deps: makeDeps(claude, { price: { ...sonnet, cachedInputPerMTok: 3, cacheWritePerMTok: 3 } }) });
    const perCall = (estimate.rows[0]?.cachedInputTokens ?? 0) / 3;
    expect(perCall).toBeGreaterThan(1024);
    const saved = (3 * perCall * (3 - 0.3) - perCall * (3.75 - 3)) / 1e6;
    expect((plain.totals.usd ?? 0) - (estimate.totals.usd ?? 0)).toBeCloseTo(saved, 12);
  });

  it('assumes no cache for providers without one (ollama, bedrock)', async () => {
    for (const provider of ['ollama', 'bedrock'] as const) {
      const model: LanguageModel = { ...noCalls, provider, modelId: 'm' };
      const estimate = await estimateSynthesis({ ...wideSqlProject(), deps: makeDeps(model, { price }) });
      expect(estimate.totals.cachedInputTokens, provider).toBe(0);
    }
  });
});
