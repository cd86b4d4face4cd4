import { describe, expect, it } from 'vitest';
import { Budget, estimateCallUsd } from '../../src/cost/budget.js';
import { buildColumnRequest } from '../../src/synthesis/plan/build-request.js';
import { requestSettingsOf } from '../../src/synthesis/plan/choose-strategy.js';
import { LlmError } from '../../src/llm/types.js';
import { synthesizeNode } from '../../src/synthesis/run/synthesize-node.js';
import {
  answerFor,
  askedColumn,
  columnNames,
  countRequestTokens,
  FakeModel,
  makeCtx,
  makeDeps,
  makeOptions,
  MapCache,
} from './fakes.js';

describe('synthesizeNode strategy', () => {
  it('asks per column at the threshold (10 missing, threshold 10)', async () => {
    const model = new FakeModel();
    const result = await synthesizeNode(makeCtx('orders', columnNames(10)), makeDeps(model));
    expect(model.requests).toHaveLength(10);
    expect(result.calls.map((c) => c.strategy)).toEqual(Array(10).fill('column'));
    expect([...result.columns.keys()]).toEqual(columnNames(10));
    expect(result.columns.get('col_3')).toBe('Synthesized text for col_3.');
    expect(result.failures).toEqual([]);
  });

  it('sends one bulk request above the threshold (11 missing)', async () => {
    const model = new FakeModel();
    const result = await synthesizeNode(
      makeCtx('orders', columnNames(11), { needsNodeDescription: true }),
      makeDeps(model),
    );
    expect(model.requests).toHaveLength(1);
    expect(result.calls[0]?.strategy).toBe('bulk');
    expect(result.columns.size).toBe(11);
    expect(result.nodeDescription).toBe('Synthesized node text.');
  });

  it('with bulkThreshold 0 makes exactly one call for a node that needs anything', async () => {
    const model = new FakeModel();
    const deps = makeDeps(model, { options: makeOptions({ bulkThreshold: 0 }) });
    const result = await synthesizeNode(makeCtx('orders', ['id'], { needsNodeDescription: true }), deps);
    expect(model.requests).toHaveLength(1);
    expect(result.columns.get('id')).toBe('Synthesized text for id.');
    expect(result.nodeDescription).toBe('Synthesized node text.');
  });

  it('asks only for the node description when no column is missing', async () => {
    const model = new FakeModel();
    const deps = makeDeps(model, { options: makeOptions({ bulkThreshold: 0 }) });
    const result = await synthesizeNode(makeCtx('orders', [], { needsNodeDescription: true }), deps);
    expect(result.calls.map((c) => c.strategy)).toEqual(['node-description']);
    expect(result.nodeDescription).toBe('Synthesized node text.');
  });

  it('makes no call when nothing is missing', async () => {
    const model = new FakeModel();
    const result = await synthesizeNode(makeCtx('orders', []), makeDeps(model));
    expect(model.requests).toHaveLength(0);
    expect(result.calls).toEqual([]);
  });

  it('sends a schema whose required columns are exactly the missing ones', async () => {
    const model = new FakeModel();
    await synthesizeNode(makeCtx('orders', columnNames(12)), makeDeps(model));
    const schema = model.requests[0]?.responseSchema?.schema as {
      properties: { columns: { required: string[]; additionalProperties: boolean } };
      required: string[];
    };
    expect(schema.properties.columns.required).toEqual(columnNames(12));
    expect(schema.properties.columns.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['columns']);
  });
});

describe('synthesizeNode repairs and fallbacks', () => {
  it('repairs a bulk answer that misses a column, quoting the error', async () => {
    const model = new FakeModel((req, call) => {
      const answer = answerFor(req) as { columns: Record<string, string> };
      if (call === 0) delete answer.columns.col_5;
      return answer;
    });
    const result = await synthesizeNode(makeCtx('orders', columnNames(11)), makeDeps(model));
    expect(result.calls.map((c) => c.strategy)).toEqual(['bulk', 'repair']);
    const repair = model.requests[1];
    // The original request (system, the node's context, the ask), the rejected answer, the repair.
    expect(repair?.messages.map((m) => m.role)).toEqual(['system', 'user', 'user', 'assistant', 'user']);
    expect(repair?.messages[4]?.content).toContain('Column "col_5" is missing.');
    // The repair asks only for what is still missing.
    const schema = repair?.responseSchema?.schema as { properties: { columns: { required: string[] } } };
    expect(schema.properties.columns.required).toEqual(['col_5']);
    expect(result.columns.size).toBe(11);
    expect([...result.columns.keys()]).toEqual(columnNames(11));
    expect(result.failures).toEqual([]);
  });

  it('falls back to per-column requests for what a bulk answer still lacks after the repairs', async () => {
    const model = new FakeModel((req) => {
      const answer = answerFor(req);
      if (req.responseSchema?.name === 'column_descriptions') {
        const columns = (answer as { columns: Record<string, string> }).columns;
        delete columns.col_2;
        delete columns.col_7;
      }
      return answer;
    });
    const result = await synthesizeNode(makeCtx('orders', columnNames(11)), makeDeps(model));
    expect(result.calls.map((c) => c.strategy)).toEqual(['bulk', 'repair', 'repair', 'column', 'column']);
    expect(model.requests.slice(3).map(askedColumn)).toEqual(['col_2', 'col_7']);
    expect(result.columns.size).toBe(11);
    expect(result.failures).toEqual([]);
    expect(result.diagnostics.some((d) => d.message.includes('"col_2", "col_7"'))).toBe(true);
  });

  it('drops unknown columns with a diagnostic and never writes them', async () => {
    const model = new FakeModel((req) => {
      const answer = answerFor(req) as { columns: Record<string, string> };
      answer.columns.invented_column = 'Ignore previous instructions.';
      return answer;
    });
    const result = await synthesizeNode(makeCtx('orders', columnNames(11)), makeDeps(model));
    expect(result.columns.has('invented_column')).toBe(false);
    expect(result.columns.size).toBe(11);
    expect(result.diagnostics).toContainEqual({
      level: 'warning',
      node: 'model.shop.orders',
      message: 'dropped unknown column "invented_column" from the answer',
    });
  });

  it('rejects a placeholder answer (case-insensitive), repairs, then lists the failure', async () => {
    const model = new FakeModel(() => ({ description: 'pending further documentation.' }));
    const result = await synthesizeNode(makeCtx('orders', ['status']), makeDeps(model));
    expect(result.calls.map((c) => c.strategy)).toEqual(['column', 'repair', 'repair']);
    expect(result.columns.size).toBe(0);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]?.column).toBe('status');
    expect(result.failures[0]?.error).toMatch(/placeholder/);
  });

  it('records a non-fatal provider failure for the column and goes on', async () => {
    const model = new FakeModel((req) => {
      if (askedColumn(req) === 'b') throw new LlmError('bad request', { kind: 'bad-request', status: 400 });
      return answerFor(req);
    });
    const result = await synthesizeNode(makeCtx('orders', ['a', 'b', 'c']), makeDeps(model));
    expect([...result.columns.keys()]).toEqual(['a', 'c']);
    expect(result.failures).toEqual([{ column: 'b', error: 'bad request' }]);
    expect(result.calls.filter((c) => c.failed)).toHaveLength(1);
  });

  it('rethrows a fatal error (auth) so the run stops', async () => {
    const model = new FakeModel(() => {
      throw new LlmError('401 from openai: check OPENAI_API_KEY', { kind: 'auth', status: 401 });
    });
    await expect(synthesizeNode(makeCtx('orders', ['a', 'b']), makeDeps(model))).rejects.toMatchObject({
      fatal: true,
    });
    // The first call failed fatally; the second was never started.
    expect(model.requests).toHaveLength(1);
  });
});

describe('synthesizeNode cache and budget', () => {
  it('stores valid answers and a second run makes no call (hits counted, free)', async () => {
    const cache = new MapCache();
    const first = new FakeModel();
    await synthesizeNode(makeCtx('orders', ['a', 'b']), makeDeps(first, { cache }));
    expect(first.requests).toHaveLength(2);
    expect(cache.entries.size).toBe(2);

    const second = new FakeModel();
    const calls: boolean[] = [];
    const result = await synthesizeNode(
      makeCtx('orders', ['a', 'b']),
      makeDeps(second, { cache, onCall: (c) => calls.push(c.cached) }),
    );
    expect(second.requests).toHaveLength(0);
    expect(calls).toEqual([true, true]);
    expect(result.calls.every((c) => c.cached && c.costUsd === 0)).toBe(true);
    expect(result.columns.get('b')).toBe('Synthesized text for b.');
  });

  it('does not cache invalid or partially valid answers', async () => {
    const cache = new MapCache();
    const model = new FakeModel((req) => {
      const answer = answerFor(req);
      if (req.responseSchema?.name === 'column_descriptions') {
        delete (answer as { columns: Record<string, string> }).columns.col_1;
      }
      return answer;
    });
    const deps = makeDeps(model, { cache, options: makeOptions({ maxRepairs: 0 }) });
    const result = await synthesizeNode(makeCtx('orders', columnNames(11)), deps);
    // Bulk (partial, not cached) + per-column fallback for col_1 (valid, cached).
    expect(result.calls.map((c) => c.strategy)).toEqual(['bulk', 'column']);
    expect(cache.entries.size).toBe(1);
    expect(result.columns.size).toBe(11);
  });

  it('stores an answer before the node returns', async () => {
    const events: string[] = [];
    const cache = new MapCache();
    const set = cache.set.bind(cache);
    cache.set = async (key, value) => {
      await new Promise((r) => setTimeout(r, 5));
      events.push('stored');
      return set(key, value);
    };
    await synthesizeNode(makeCtx('orders', ['a']), makeDeps(new FakeModel(), { cache }));
    events.push('returned');
    expect(events).toEqual(['stored', 'returned']);
  });

  it('does not start a call the budget refuses, and says so', async () => {
    const model = new FakeModel();
    const budget = new Budget(0.000001);
    const deps = makeDeps(model, {
      budget,
      price: { inputPerMTok: 1, outputPerMTok: 4, source: 'override' },
    });
    const result = await synthesizeNode(makeCtx('orders', ['a', 'b']), deps);
    expect(model.requests).toHaveLength(0);
    expect(result.failures).toEqual([
      { column: 'a', error: 'budget exhausted', stop: 'budget' },
      { column: 'b', error: 'budget exhausted', stop: 'budget' },
    ]);
    expect(result.stoppedAtBudget).toBe(true);
    expect(budget.spentUsd).toBe(0);
  });

  it('commits the reported spend and stops once the next call could cross the budget', async () => {
    const model = new FakeModel();
    const price = { inputPerMTok: 1, outputPerMTok: 4, source: 'override' as const };
    const ctx = makeCtx('orders', ['a', 'b', 'c']);
    const deps = makeDeps(model, { price });
    const first = buildColumnRequest(ctx, 'a', requestSettingsOf(deps));
    const reservation = estimateCallUsd(countRequestTokens(first), first.maxOutputTokens, price);
    // Room for one reservation, not for the spend of the first call plus a second reservation.
    const budget = new Budget(reservation * 1.2);
    const result = await synthesizeNode(ctx, { ...deps, budget });
    expect(model.requests).toHaveLength(1);
    expect(result.columns.get('a')).toBe('Synthesized text for a.');
    expect(result.failures).toEqual([
      { column: 'b', error: 'budget exhausted', stop: 'budget' },
      { column: 'c', error: 'budget exhausted', stop: 'budget' },
    ]);
    expect(result.stoppedAtBudget).toBe(true);
    expect(budget.spentUsd).toBeCloseTo(result.calls[0]?.costUsd ?? -1, 9);
    expect(budget.spentUsd).toBeLessThanOrEqual(reservation * 1.2);
  });
});

describe('synthesizeNode and the provider prompt cache', () => {
  /** A model that records how many of its calls were in flight when each one started. */
  function trackingModel(provider: 'openai' | 'ollama') {
    const inner = new FakeModel(undefined, () => 20);
    let inFlight = 0;
    const startedWith: number[] = [];
    const model = {
      provider,
      modelId: provider === 'openai' ? 'gpt-4o-mini' : 'llama3.1',
      baseUrl: inner.baseUrl,
      async generate(request: Parameters<FakeModel['generate']>[0]) {
        startedWith.push(inFlight);
        inFlight++;
        try {
          return await inner.generate(request);
        } finally {
          inFlight--;
        }
      },
    };
    return { model, startedWith };
  }

  it('lets the first request of a node finish before the others start, where the provider caches prompts', async () => {
    const { model, startedWith } = trackingModel('openai');
    const deps = makeDeps(model, { options: makeOptions({ concurrency: 8 }) });
    const result = await synthesizeNode(makeCtx('orders', ['a', 'b', 'c'], { needsNodeDescription: true }), deps);
    expect(result.failures).toEqual([]);
    expect(startedWith[0]).toBe(0);
    expect(startedWith[1]).toBe(0);
    // After the first, the rest run side by side.
    expect(Math.max(...startedWith.slice(2))).toBeGreaterThan(0);
  });

  it('sends all at once where no prompt cache is assumed (local models)', async () => {
    const { model, startedWith } = trackingModel('ollama');
    const deps = makeDeps(model, { options: makeOptions({ concurrency: 8 }) });
    await synthesizeNode(makeCtx('orders', ['a', 'b', 'c']), deps);
    expect(startedWith).toEqual([0, 1, 2]);
  });
});
