import { compareIds } from './compare-ids.js';
import { GraphCycleError } from './errors.js';
import { IdMinHeap } from './min-heap.js';

type Neighbours = (id: string) => readonly string[];

/**
 * Kahn's algorithm, parents first, ties broken by the smallest unique id (a heap keeps that
 * O((V + E) log V)). Iterative, so depth never touches the call stack.
 * @throws GraphCycleError naming the nodes of one cycle when not every node can be ordered.
 */
export function topologicalOrder(
  ids: readonly string[],
  parents: Neighbours,
  children: Neighbours,
): string[] {
  const waiting = new Map<string, number>();
  const ready = new IdMinHeap();
  for (const id of ids) {
    const n = parents(id).length;
    if (n === 0) ready.push(id);
    else waiting.set(id, n);
  }
  const order: string[] = [];
  for (let id = ready.pop(); id !== undefined; id = ready.pop()) {
    order.push(id);
    for (const child of children(id)) {
      const left = (waiting.get(child) ?? 0) - 1;
      if (left === 0) {
        waiting.delete(child);
        ready.push(child);
      } else {
        waiting.set(child, left);
      }
    }
  }
  if (waiting.size > 0) throw new GraphCycleError(findCycle(waiting, parents));
  return order;
}

/**
 * Every node left over by Kahn's algorithm still has an unordered parent, so walking from one to
 * its smallest leftover parent must come back to a node already on the walk: that loop is a cycle.
 * Returned in edge order (parent → child), starting and ending at its smallest id.
 */
function findCycle(leftover: ReadonlyMap<string, number>, parents: Neighbours): string[] {
  const start = [...leftover.keys()].sort(compareIds)[0] as string;
  const walk: string[] = [];
  const position = new Map<string, number>();
  let current = start;
  while (!position.has(current)) {
    position.set(current, walk.length);
    walk.push(current);
    const next = parents(current).find((p) => leftover.has(p));
    if (next === undefined) break; // cannot happen; guards against an inconsistent neighbour function
    current = next;
  }
  const loop = walk.slice(position.get(current) ?? 0).reverse();
  let smallest = 0;
  loop.forEach((id, i) => {
    if (compareIds(id, loop[smallest] as string) < 0) smallest = i;
  });
  const rotated = [...loop.slice(smallest), ...loop.slice(0, smallest)];
  return [...rotated, rotated[0] as string];
}
