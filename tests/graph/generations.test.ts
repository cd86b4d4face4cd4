import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build-graph.js';
import { makeNode, nodeMap } from './make-node.js';

describe('ancestorGenerations', () => {
  // t <- a <- b <- c <- d (chain), and t <- d directly: d is at distance 1 and 4.
  const diamond = nodeMap([
    ['model.p.t', ['model.p.a', 'model.p.d']],
    ['model.p.a', ['model.p.b']],
    ['model.p.b', ['model.p.c']],
    ['model.p.c', ['model.p.d']],
    ['model.p.d', []],
  ]);

  it('places an ancestor at its shortest distance', () => {
    expect(buildGraph(diamond).ancestorGenerations('model.p.t')).toEqual([['model.p.a', 'model.p.d'], ['model.p.b'], ['model.p.c']]);
  });

  it('places an ancestor reachable at distance 1 and 3 in generation 1 (diamond)', () => {
    const nodes = nodeMap([
      ['model.p.t', ['model.p.x', 'model.p.far']],
      ['model.p.x', ['model.p.y']],
      ['model.p.y', ['model.p.far']],
      ['model.p.far', ['seed.p.s']],
      ['seed.p.s', []],
    ]);
    expect(buildGraph(nodes).ancestorGenerations('model.p.t')).toEqual([['model.p.far', 'model.p.x'], ['model.p.y', 'seed.p.s']]);
  });

  it('sorts each generation and lists a shared ancestor once', () => {
    const nodes = nodeMap([
      ['model.p.t', ['model.p.z', 'model.p.b']],
      ['model.p.z', ['source.p.raw.two', 'source.p.raw.one']],
      ['model.p.b', ['source.p.raw.two']],
      ['source.p.raw.one', []],
      ['source.p.raw.two', []],
    ]);
    expect(buildGraph(nodes).ancestorGenerations('model.p.t')).toEqual([
      ['model.p.b', 'model.p.z'],
      ['source.p.raw.one', 'source.p.raw.two'],
    ]);
  });

  it('is empty for a root and lazily walkable one generation at a time', () => {
    const g = buildGraph(diamond);
    expect(g.ancestorGenerations('model.p.d')).toEqual([]);
    const walk = g.walkAncestorGenerations('model.p.t');
    expect(walk.next().value).toEqual(['model.p.a', 'model.p.d']);
    walk.return(undefined); // a caller that found its match stops here
  });

  it('walks descendants by generation too', () => {
    expect([...buildGraph(diamond).walkDescendantGenerations('model.p.d')]).toEqual([['model.p.c', 'model.p.t'], ['model.p.b'], ['model.p.a']]);
  });

  it('gives ancestor and descendant sets', () => {
    const g = buildGraph(diamond);
    expect([...g.ancestors('model.p.b')].sort()).toEqual(['model.p.c', 'model.p.d']);
    expect([...g.descendants('model.p.c')].sort()).toEqual(['model.p.a', 'model.p.b', 'model.p.t']);
    expect([...g.ancestorsOf(['model.p.t'], 1)].sort()).toEqual(['model.p.a', 'model.p.d']);
    expect([...g.descendantsOf(['model.p.d', 'model.p.b'], 1)].sort()).toEqual(['model.p.a', 'model.p.c', 'model.p.t']);
  });
});

describe('deep graphs', () => {
  const N = 100_000;
  const chain = new Map(
    Array.from({ length: N }, (_, i) => {
      const id = `model.p.n${String(i).padStart(6, '0')}`;
      const parent = `model.p.n${String(i - 1).padStart(6, '0')}`;
      return [id, makeNode(id, { dependsOn: i === 0 ? [] : [parent] })] as const;
    }),
  );

  it('handles a 100,000-node chain without overflowing the stack', () => {
    const g = buildGraph(chain);
    const order = g.topologicalOrder();
    expect(order).toHaveLength(N);
    expect(order[0]).toBe('model.p.n000000');
    expect(order[N - 1]).toBe('model.p.n099999');
    const generations = g.ancestorGenerations('model.p.n099999');
    expect(generations).toHaveLength(N - 1);
    expect(generations[0]).toEqual(['model.p.n099998']);
    expect(g.descendants('model.p.n000000').size).toBe(N - 1);
    expect(g.ancestors('model.p.n099999').size).toBe(N - 1);
  });

  it('reports a cycle closing a 100,000-node chain', () => {
    const cyclic = new Map(chain);
    cyclic.set('model.p.n000000', makeNode('model.p.n000000', { dependsOn: ['model.p.n099999'] }));
    expect(() => buildGraph(cyclic)).toThrow(/^Cycle in the node graph: model\.p\.n000000 -> model\.p\.n000001 -> /);
  });
});
