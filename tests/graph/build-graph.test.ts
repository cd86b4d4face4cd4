import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildGraph } from '../../src/graph/build-graph.js';
import { GraphCycleError } from '../../src/graph/errors.js';
import { makeNode, nodeMap } from './make-node.js';

describe('buildGraph edges', () => {
  it('keeps only dependencies that are nodes of the map', () => {
    const nodes = nodeMap([
      ['model.p.b', ['model.p.a', 'macro.p.m', 'test.p.t', 'model.p.disabled', 'exposure.p.e']],
      ['model.p.a', []],
    ]);
    const g = buildGraph(nodes);
    expect(g.parents('model.p.b')).toEqual(['model.p.a']);
    expect(g.children('model.p.a')).toEqual(['model.p.b']);
    expect(g.size).toBe(2);
  });

  it('sorts parents and children and ignores duplicate edges', () => {
    const nodes = nodeMap([
      ['model.p.z', []],
      ['model.p.a', []],
      ['model.p.m', []],
      ['model.p.child', ['model.p.z', 'model.p.a', 'model.p.m', 'model.p.a']],
      ['model.p.c2', ['model.p.a']],
      ['model.p.b2', ['model.p.a']],
    ]);
    const g = buildGraph(nodes);
    expect(g.parents('model.p.child')).toEqual(['model.p.a', 'model.p.m', 'model.p.z']);
    expect(g.children('model.p.a')).toEqual(['model.p.b2', 'model.p.c2', 'model.p.child']);
  });

  it('includes seeds, snapshots and sources as nodes with edges', () => {
    const nodes = nodeMap([
      ['source.p.raw.orders', []],
      ['seed.p.countries', []],
      ['snapshot.p.orders_snap', ['source.p.raw.orders']],
      ['model.p.orders', ['snapshot.p.orders_snap', 'seed.p.countries']],
    ]);
    const g = buildGraph(nodes);
    expect(g.topologicalOrder()).toEqual(['seed.p.countries', 'source.p.raw.orders', 'snapshot.p.orders_snap', 'model.p.orders']);
    expect(g.ancestorGenerations('model.p.orders')).toEqual([['seed.p.countries', 'snapshot.p.orders_snap'], ['source.p.raw.orders']]);
  });

  it('answers for an unknown id as for an isolated node', () => {
    const g = buildGraph(nodeMap([['model.p.a', []]]));
    expect(g.has('model.p.nope')).toBe(false);
    expect(g.parents('model.p.nope')).toEqual([]);
    expect(g.ancestorGenerations('model.p.nope')).toEqual([]);
    expect(g.descendants('model.p.nope').size).toBe(0);
  });
});

describe('topologicalOrder', () => {
  it('puts parents first and breaks ties by smallest unique id', () => {
    const nodes = nodeMap([
      ['model.p.d', ['model.p.b', 'model.p.c']],
      ['model.p.c', ['model.p.a']],
      ['model.p.b', ['model.p.a']],
      ['model.p.a', []],
      ['model.p.0_root', []],
      ['model.p.e', ['model.p.0_root']],
    ]);
    expect(buildGraph(nodes).topologicalOrder()).toEqual([
      'model.p.0_root',
      'model.p.a',
      'model.p.b',
      'model.p.c',
      'model.p.d',
      'model.p.e',
    ]);
  });

  it('prefers a ready small id over a larger one that became ready earlier', () => {
    const nodes = nodeMap([
      ['model.p.m', []],
      ['model.p.z', []],
      ['model.p.b', ['model.p.m']],
    ]);
    expect(buildGraph(nodes).topologicalOrder()).toEqual(['model.p.m', 'model.p.b', 'model.p.z']);
  });

  it('uses code-unit order, not locale order', () => {
    const nodes = nodeMap([
      ['model.p.b', []],
      ['model.p.B', []],
      ['model.p.a', []],
    ]);
    expect(buildGraph(nodes).topologicalOrder()).toEqual(['model.p.B', 'model.p.a', 'model.p.b']);
  });

  it('is a valid order, with the smallest ready id first, for random DAGs', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: 1, maxLength: 40 }), (parentPicks) => {
        // node i may only depend on nodes j < i: acyclic by construction; ids shuffled by name
        const ids = parentPicks.map((_, i) => `model.p.n${(i * 7919) % 1000}_${i}`);
        const nodes = new Map(
          ids.map((id, i) => [id, makeNode(id, { dependsOn: i === 0 ? [] : (parentPicks[i] ?? []).map((k) => ids[k % i] as string) })]),
        );
        const order = buildGraph(nodes).topologicalOrder();
        expect([...order].sort()).toEqual([...ids].sort());
        const pos = new Map(order.map((id, i) => [id, i]));
        for (const [id, node] of nodes) for (const p of node.dependsOn) expect(pos.get(p)!).toBeLessThan(pos.get(id)!);
        // greedy check: each emitted id is the smallest among those ready at that point
        const done = new Set<string>();
        for (const id of order) {
          const ready = ids.filter((x) => !done.has(x) && nodes.get(x)!.dependsOn.every((p) => done.has(p))).sort();
          expect(id).toBe(ready[0]);
          done.add(id);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('cycles', () => {
  it('throws GraphCycleError naming the cycle in edge order', () => {
    const nodes = nodeMap([
      ['model.a.x', ['model.a.y']],
      ['model.a.y', ['model.a.x']],
    ]);
    expect(() => buildGraph(nodes)).toThrow(GraphCycleError);
    expect(() => buildGraph(nodes)).toThrow('Cycle in the node graph: model.a.x -> model.a.y -> model.a.x');
  });

  it('names only the cycle, not nodes hanging off it, starting at the smallest id', () => {
    const nodes = nodeMap([
      ['model.a.root', []],
      ['model.a.p', ['model.a.root', 'model.a.r']],
      ['model.a.q', ['model.a.p']],
      ['model.a.r', ['model.a.q']],
      ['model.a.after', ['model.a.r']],
    ]);
    let error: unknown;
    try {
      buildGraph(nodes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphCycleError);
    const cycle = error as GraphCycleError;
    expect(cycle.code).toBe('graph-cycle');
    // edges: r -> p, p -> q, q -> r
    expect(cycle.cycle).toEqual(['model.a.p', 'model.a.q', 'model.a.r', 'model.a.p']);
  });

  it('reports a self-dependency', () => {
    expect(() => buildGraph(nodeMap([['model.a.x', ['model.a.x']]]))).toThrow('model.a.x -> model.a.x');
  });
});
