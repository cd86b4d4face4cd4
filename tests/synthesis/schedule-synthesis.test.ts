import { describe, expect, it } from 'vitest';
import { Budget } from '../../src/cost/budget.js';
import { LlmError, type GenerateRequest } from '../../src/llm/types.js';
import { scheduleSynthesis } from '../../src/synthesis/run/schedule-synthesis.js';
import { synthesizeNode, type SynthesisDeps } from '../../src/synthesis/run/synthesize-node.js';
import type { NodeSynthesisResult, SynthesisNodeContext } from '../../src/synthesis/types.js';
import { answerFor, FakeModel, makeDeps, makeNode } from './fakes.js';

/**
 * A tiny doc state: each node has columns; a column inherits the description of a parent's
 * column of the same name (a stand-in for the inheritance rules, which re-run in `prepare`).
 */
function makeProject(graph: Record<string, { parents: string[]; columns: string[] }>) {
  const docs = new Map<string, Map<string, string>>();
  for (const id of Object.keys(graph)) docs.set(id, new Map());
  const parents = (id: string): string[] => graph[id]?.parents ?? [];
  const prepare = (id: string): SynthesisNodeContext | undefined => {
    const own = docs.get(id) as Map<string, string>;
    for (const column of graph[id]?.columns ?? []) {
      for (const parent of parents(id)) {
        const text = docs.get(parent)?.get(column);
        if (!own.has(column) && text !== undefined) own.set(column, text);
      }
    }
    const columns = graph[id]?.columns ?? [];
    const missing = columns.filter((c) => !own.has(c));
    if (missing.length === 0) return undefined;
    return {
      node: makeNode(id, { uniqueId: id }),
      columns: columns.map((c) => ({ name: c, dataType: 'int', ...(own.has(c) ? { description: own.get(c) } : {}) })),
      missingColumns: missing,
      needsNodeDescription: false,
      upstream: parents(id).map((p) => ({
        uniqueId: p,
        name: p,
        generation: 1,
        columns: [...(docs.get(p) ?? [])].map(([name, description]) => ({ name, description })),
      })),
    };
  };
  const apply = (id: string, result: NodeSynthesisResult): void => {
    for (const [column, text] of result.columns) docs.get(id)?.set(column, text);
  };
  return { order: Object.keys(graph), parents, prepare, apply, docs };
}

const nodeOf = (req: GenerateRequest): string =>
  /dbt model "([^"]+)"/.exec(req.messages[1]?.content ?? '')?.[1] ?? '?';

function run(
  project: ReturnType<typeof makeProject>,
  deps: SynthesisDeps,
  concurrency: number,
  events?: string[],
) {
  return scheduleSynthesis({
    order: project.order,
    parents: project.parents,
    prepare: project.prepare,
    apply: project.apply,
    concurrency,
    synthesize: async (ctx, gate) => {
      events?.push(`start ${ctx.node.uniqueId}`);
      const result = await synthesizeNode(ctx, { ...deps, gate });
      events?.push(`end ${ctx.node.uniqueId}`);
      return result;
    },
  });
}

const diamond = {
  a: { parents: [], columns: ['x'] },
  b: { parents: [], columns: ['y'] },
  d: { parents: [], columns: ['w'] },
  c: { parents: ['a', 'b'], columns: ['x', 'y', 'z'] },
};

describe('scheduleSynthesis', () => {
  it('starts a child only after all its parents finished; independent nodes overlap', async () => {
    const delays: Record<string, number> = { a: 40, b: 10, d: 5, c: 5 };
    const model = new FakeModel(undefined, (req) => delays[nodeOf(req)] ?? 0);
    const events: string[] = [];
    const outcome = await run(makeProject(diamond), makeDeps(model), 4, events);
    expect(outcome.fatal).toBeUndefined();
    const at = (e: string) => events.indexOf(e);
    expect(at('start c')).toBeGreaterThan(at('end a'));
    expect(at('start c')).toBeGreaterThan(at('end b'));
    // a, b and d were all in flight before the first finished.
    expect(events.slice(0, 3).sort()).toEqual(['start a', 'start b', 'start d']);
    expect([...outcome.results.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('runs in topological order with concurrency 1, the same every time', async () => {
    const sequences: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const model = new FakeModel(undefined, (req) => (nodeOf(req) === 'a' ? 5 : 0));
      await run(makeProject(diamond), makeDeps(model), 1);
      sequences.push(model.requests.map(nodeOf));
    }
    expect(sequences[0]).toEqual(['a', 'b', 'd', 'c']);
    expect(sequences[1]).toEqual(sequences[0]);
  });

  it("carries text just synthesized for a parent into the child's prompt and inheritance", async () => {
    const model = new FakeModel();
    const project = makeProject(diamond);
    await run(project, makeDeps(model), 2);
    const child = model.requests.filter((r) => nodeOf(r) === 'c');
    // x and y were inherited from a and b after they were synthesized: only z is asked.
    expect(child).toHaveLength(1);
    expect(child[0]?.messages[2]?.content).toContain('Document the column "z"');
    expect(child[0]?.messages[1]?.content).toContain('- x: Synthesized text for x.');
    expect(project.docs.get('c')?.get('x')).toBe('Synthesized text for x.');
  });

  it("does not let one node's failure stop the others (children still run)", async () => {
    const model = new FakeModel((req) => {
      if (nodeOf(req) === 'b') throw new LlmError('500 from server', { kind: 'server', status: 500 });
      return answerFor(req);
    });
    const outcome = await run(makeProject(diamond), makeDeps(model), 2);
    expect(outcome.fatal).toBeUndefined();
    expect(outcome.results.get('b')?.failures).toEqual([{ column: 'y', error: '500 from server' }]);
    expect(outcome.results.get('d')?.columns.get('w')).toBe('Synthesized text for w.');
    // c ran: x came from a, y (which b failed to get) and z were asked for.
    expect([...(outcome.results.get('c')?.columns.keys() ?? [])]).toEqual(['y', 'z']);
  });

  it('stops starting work after a fatal error and returns it', async () => {
    const model = new FakeModel((req) => {
      if (nodeOf(req) === 'b') throw new LlmError('401 from openai: check OPENAI_API_KEY', { kind: 'auth', status: 401 });
      return answerFor(req);
    });
    const outcome = await run(makeProject(diamond), makeDeps(model), 1);
    expect(outcome.fatal).toBeInstanceOf(LlmError);
    expect(model.requests.map(nodeOf)).toEqual(['a', 'b']);
    expect(outcome.notStarted).toEqual(['d', 'c']);
    expect(outcome.stoppedAtBudget).toBe(false);
  });

  it('treats a throwing synthesize as that node failing', async () => {
    const project = makeProject(diamond);
    const outcome = await scheduleSynthesis({
      ...project,
      concurrency: 2,
      synthesize: async (ctx) => {
        if (ctx.node.uniqueId === 'a') throw new Error('boom');
        return { nodeId: ctx.node.uniqueId, columns: new Map(), failures: [], diagnostics: [], calls: [] };
      },
    });
    expect(outcome.results.get('a')?.failures).toEqual([{ error: 'boom' }]);
    expect(outcome.results.has('c')).toBe(true);
  });

  it('stops at the budget: in-flight work finishes, later nodes are listed as not started', async () => {
    const model = new FakeModel();
    const deps = makeDeps(model, {
      budget: new Budget(0.0015),
      price: { inputPerMTok: 1, outputPerMTok: 4, source: 'override' },
    });
    const outcome = await run(makeProject(diamond), deps, 1);
    expect(outcome.stoppedAtBudget).toBe(true);
    expect(outcome.fatal).toBeUndefined();
    expect(model.requests.length).toBeGreaterThan(0);
    expect(model.requests.length).toBeLessThan(4);
    expect(outcome.notStarted.length).toBeGreaterThan(0);
  });

  it('finishes at once with nothing to do', async () => {
    const outcome = await scheduleSynthesis({
      order: ['a'],
      parents: () => [],
      prepare: () => undefined,
      apply: () => {},
      synthesize: () => Promise.reject(new Error('not called')),
      concurrency: 1,
    });
    expect(outcome.results.size).toBe(0);
    expect(outcome.notStarted).toEqual([]);
  });
});
