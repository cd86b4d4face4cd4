import { Graph } from '@dagrejs/graphlib';
import type { DbtNode } from '../project/manifest/types.js';
import { compareIds } from './compare-ids.js';
import { topologicalOrder } from './topological-order.js';
import { reachable, walkGenerations } from './walk-generations.js';

/**
 * The documentation graph: models, seeds, snapshots and sources, with edges parent → child.
 * Queries about ids that are not nodes answer as for an isolated node (no neighbours).
 * Every list is sorted by unique id; nothing recurses, so any depth is safe.
 */
export interface DocGraph {
  /** Number of nodes. */
  readonly size: number;
  has(id: string): boolean;
  /** All node ids, sorted. */
  nodeIds(): string[];
  /** Direct parents, sorted. */
  parents(id: string): readonly string[];
  /** Direct children, sorted. */
  children(id: string): readonly string[];
  /** Parents first, ties broken by the smallest unique id (computed once, when built). */
  topologicalOrder(): string[];
  /** Ancestors grouped by shortest distance, nearest first, each group sorted. */
  ancestorGenerations(id: string): string[][];
  /** Same as `ancestorGenerations`, one generation at a time, so callers can stop early. */
  walkAncestorGenerations(id: string): Generator<string[], void, undefined>;
  /** Descendants grouped by shortest distance, nearest first, each group sorted. */
  walkDescendantGenerations(id: string): Generator<string[], void, undefined>;
  /** Every ancestor (the node itself excluded). */
  ancestors(id: string): Set<string>;
  /** Every descendant (the node itself excluded). */
  descendants(id: string): Set<string>;
  /** Ancestors of any of `ids` within `maxDepth` edges (unbounded when undefined). */
  ancestorsOf(ids: Iterable<string>, maxDepth?: number): Set<string>;
  /** Descendants of any of `ids` within `maxDepth` edges (unbounded when undefined). */
  descendantsOf(ids: Iterable<string>, maxDepth?: number): Set<string>;
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * Builds the graph from the normalized nodes. Edges come from each node's `dependsOn` entries
 * that are themselves nodes of the map; the rest (macros, tests, disabled nodes, exposures) are
 * ignored.
 * @throws GraphCycleError when the dependencies form a cycle.
 */
export function buildGraph(nodes: ReadonlyMap<string, DbtNode>): DocGraph {
  const g = new Graph({ directed: true, multigraph: false, compound: false });
  for (const id of nodes.keys()) g.setNode(id);
  for (const [id, node] of nodes) {
    for (const parent of node.dependsOn) {
      if (nodes.has(parent)) g.setEdge(parent, id);
    }
  }
  // graphlib returns a fresh unsorted array per call; sort once and keep them.
  const parentLists = new Map<string, readonly string[]>();
  const childLists = new Map<string, readonly string[]>();
  for (const id of g.nodes()) {
    const ps = g.predecessors(id) ?? [];
    const cs = g.successors(id) ?? [];
    if (ps.length > 0) parentLists.set(id, ps.sort(compareIds));
    if (cs.length > 0) childLists.set(id, cs.sort(compareIds));
  }
  const parents = (id: string): readonly string[] => parentLists.get(id) ?? NONE;
  const children = (id: string): readonly string[] => childLists.get(id) ?? NONE;
  const ids = [...nodes.keys()].sort(compareIds);
  const order = topologicalOrder(ids, parents, children);

  return {
    size: ids.length,
    has: (id) => nodes.has(id),
    nodeIds: () => [...ids],
    parents,
    children,
    topologicalOrder: () => [...order],
    ancestorGenerations: (id) => [...walkGenerations(id, parents, compareIds)],
    walkAncestorGenerations: (id) => walkGenerations(id, parents, compareIds),
    walkDescendantGenerations: (id) => walkGenerations(id, children, compareIds),
    ancestors: (id) => reachable([id], parents),
    descendants: (id) => reachable([id], children),
    ancestorsOf: (starts, maxDepth) => reachable(starts, parents, maxDepth),
    descendantsOf: (starts, maxDepth) => reachable(starts, children, maxDepth),
  };
}
