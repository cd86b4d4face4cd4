type Neighbours = (id: string) => readonly string[];

/**
 * Breadth-first walk from `start`, yielding one generation at a time: generation 1 = direct
 * neighbours, generation n = neighbours of generation n-1 not seen before (so each node sits at
 * its shortest distance). Each generation is sorted with `compare`. Lazy, so a caller can stop at
 * the first generation that holds what it looks for; iterative, so depth is unbounded.
 */
export function* walkGenerations(
  start: string,
  neighbours: Neighbours,
  compare: (a: string, b: string) => number,
): Generator<string[], void, undefined> {
  const seen = new Set<string>([start]);
  let frontier: string[] = [start];
  for (;;) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const n of neighbours(id)) {
        if (!seen.has(n)) {
          seen.add(n);
          next.push(n);
        }
      }
    }
    if (next.length === 0) return;
    next.sort(compare);
    yield next;
    frontier = next;
  }
}

/**
 * Every node reachable from `starts` within `maxDepth` steps (all of them when undefined), the
 * starts excluded unless reachable from another start. Multi-source BFS, iterative.
 */
export function reachable(
  starts: Iterable<string>,
  neighbours: Neighbours,
  maxDepth = Number.POSITIVE_INFINITY,
): Set<string> {
  const found = new Set<string>();
  const depthSeen = new Set<string>();
  let frontier: string[] = [];
  for (const s of starts) {
    if (!depthSeen.has(s)) {
      depthSeen.add(s);
      frontier.push(s);
    }
  }
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const n of neighbours(id)) {
        if (!found.has(n)) {
          found.add(n);
          if (!depthSeen.has(n)) {
            depthSeen.add(n);
            next.push(n);
          }
        }
      }
    }
    frontier = next;
  }
  return found;
}
