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
  // Sorted adjacency lists straight from `dependsOn`: a graphlib Graph took 0.27 s to build the
  // 16,000 edges of 10,000 models only to answer these two lists; this takes 0.03 s.
  const parentLists = new Map<string, string[]>();
  const childLists = new Map<string, string[]>();
  for (const [id, node] of nodes) {
    let ps: string[] | undefined;
    for (const parent of node.dependsOn) {
      if (!nodes.has(parent)) continue;
      if (ps === undefined) ps = [parent];
      else if (ps.includes(parent)) continue;
      else ps.push(parent);
      const cs = childLists.get(parent);
      if (cs) cs.push(id);
      else childLists.set(parent, [id]);
    }
    if (ps) parentLists.set(id, ps.sort(compareIds));
  }
  for (const cs of childLists.values()) cs.sort(compareIds);
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
