import { alg, Graph } from '@dagrejs/graphlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build-graph.js';
import { GraphCycleError } from '../../src/graph/errors.js';
import { nodeMap } from './make-node.js';

/*
 * buildGraph keeps its own adjacency lists (a graphlib Graph cost 0.27 s at 10,000 models to
 * answer only parents and children); graphlib stays as the independent oracle for what they say.
 */

/** Random dependency lists over `size` models: any edges, duplicates, self-edges and unknown ids included. */
const dependencies = (allowCycles: boolean) =>
  fc.integer({ min: 1, max: 25 }).chain((size) =>
    fc.array(
      fc.array(fc.integer({ min: 0, max: size + 2 }), { maxLength: 5 }),
      { minLength: size, maxLength: size },
    ).map((lists) =>
      lists.map((parents, i): [string, string[]] => [
        `model.p.m${i}`,
        // Without cycles a model depends only on models listed before it; ids past `size` are not nodes.
        parents.filter((p) => allowCycles || p < i || p >= size).map((p) => (p >= size ? `macro.p.x${p}` : `model.p.m${p}`)),
      ]),
    ),
  );

function oracle(entries: [string, string[]][]): Graph {
  const g = new Graph({ directed: true });
  const ids = new Set(entries.map(([id]) => id));
  for (const id of ids) g.setNode(id);
  for (const [id, parents] of entries) for (const p of parents) if (ids.has(p)) g.setEdge(p, id);
  return g;
}

const sorted = (xs: readonly string[] | void): string[] => [...(xs ?? [])].sort();

describe('buildGraph against graphlib', () => {
  it('gives the parents and children graphlib gives, and an order graphlib accepts', () => {
    fc.assert(
      fc.property(dependencies(false), (entries) => {
        const ours = buildGraph(nodeMap(entries));
        const theirs = oracle(entries);
        for (const id of theirs.nodes()) {
          expect(sorted(ours.parents(id))).toEqual(sorted(theirs.predecessors(id)));
          expect(sorted(ours.children(id))).toEqual(sorted(theirs.successors(id)));
        }
        const position = new Map(ours.topologicalOrder().map((id, i) => [id, i]));
        expect(position.size).toBe(theirs.nodeCount());
        for (const e of theirs.edges()) expect(position.get(e.v)!).toBeLessThan(position.get(e.w)!);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects exactly the graphs graphlib finds cyclic, naming a cycle of their edges', () => {
    fc.assert(
      fc.property(dependencies(true), (entries) => {
        const theirs = oracle(entries);
        let cycle: string[] | undefined;
        try {
          buildGraph(nodeMap(entries));
        } catch (error) {
          if (!(error instanceof GraphCycleError)) throw error;
          cycle = [...error.cycle];
        }
        expect(cycle === undefined).toBe(alg.isAcyclic(theirs));
        if (cycle === undefined) return;
        expect(cycle[0]).toBe(cycle[cycle.length - 1]);
        for (let i = 0; i + 1 < cycle.length; i++) expect(theirs.hasEdge(cycle[i]!, cycle[i + 1]!)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
