import type { DbtNode } from '../project/manifest/types.js';
import type { DocGraph } from './build-graph.js';
import type { PathContext } from './node-paths.js';
import { parseSelectorArgument, type SelectorExpression, type SelectorItem } from './parse-selector.js';
import { methodPredicate, positionalPredicate } from './selector-methods.js';

/** The selectors of a run: `--select`, `--exclude` and positional arguments, each possibly space-separated. */
export interface SelectionSpec {
  select: readonly string[];
  exclude: readonly string[];
  positional: readonly string[];
}

export type SelectionContext = PathContext;

/**
 * The unique ids a run works on, with dbt's selection syntax. No `--select` and no positional
 * selector means every node; `--select` and positional selectors add up (union); `--exclude` is
 * taken away last. A selector that matches nothing is not an error (the result may be empty).
 * Pure: paths are compared lexically.
 * @throws SelectionError on an unknown method or a malformed selector (checked before any work).
 */
export function selectNodes(
  graph: DocGraph,
  nodes: ReadonlyMap<string, DbtNode>,
  spec: SelectionSpec,
  ctx: SelectionContext,
): Set<string> {
  const selects = spec.select.map(parseSelectorArgument);
  const excludes = spec.exclude.map(parseSelectorArgument);
  for (const expr of [...selects, ...excludes]) for (const item of expr.flat()) methodPredicate(item, ctx);

  const positional = spec.positional.flatMap((arg) => arg.split(/\s+/)).filter((p) => p !== '');
  let chosen: Set<string>;
  if (selects.length === 0 && positional.length === 0) {
    chosen = new Set(nodes.keys());
  } else {
    chosen = new Set();
    for (const expr of selects) addAll(chosen, evaluate(expr, graph, nodes, ctx));
    for (const raw of positional) {
      const matches = positionalPredicate(raw, ctx, nodes.values());
      for (const [id, node] of nodes) if (matches(node)) chosen.add(id);
    }
  }
  for (const expr of excludes) for (const id of evaluate(expr, graph, nodes, ctx)) chosen.delete(id);
  return chosen;
}

function evaluate(expr: SelectorExpression, graph: DocGraph, nodes: ReadonlyMap<string, DbtNode>, ctx: SelectionContext): Set<string> {
  const union = new Set<string>();
  for (const intersection of expr) {
    let result: Set<string> | undefined;
    for (const item of intersection) {
      const found = evaluateItem(item, graph, nodes, ctx);
      result = result === undefined ? found : new Set([...result].filter((id) => found.has(id)));
    }
    if (result !== undefined) addAll(union, result);
  }
  return union;
}

function evaluateItem(item: SelectorItem, graph: DocGraph, nodes: ReadonlyMap<string, DbtNode>, ctx: SelectionContext): Set<string> {
  const matches = methodPredicate(item, ctx);
  const base = new Set<string>();
  for (const [id, node] of nodes) if (matches(node)) base.add(id);
  const result = new Set(base);
  if (item.childrensParents) {
    const withDescendants = new Set([...base, ...graph.descendantsOf(base)]);
    addAll(result, withDescendants);
    addAll(result, graph.ancestorsOf(withDescendants));
  }
  if (item.parents) addAll(result, graph.ancestorsOf(base, item.parentsDepth));
  if (item.children) addAll(result, graph.descendantsOf(base, item.childrenDepth));
  return result;
}

function addAll(target: Set<string>, source: Iterable<string>): void {
  for (const id of source) target.add(id);
}
