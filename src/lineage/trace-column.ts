import type { LineageLookup } from '../inheritance/follow-lineage.js';
import type { Transform } from './types.js';

/** One hop of a column's path: `column` of `node` is made from the next hop by `transform`. */
export interface TraceHop {
  node: string;
  column: string;
  /** How this column is made from the next hop; absent on the last hop. */
  transform?: Transform;
}

/** A column's upstream path, and why it ends where it does. */
export interface ColumnTrace {
  column: string;
  path: TraceHop[];
  /**
   * `origin`: a column no SQL makes (a source, seed, or a model without SQL or not parsed);
   * `expression`: made by an expression, whose inputs are listed; `unknown`: lineage could not be
   * resolved for certain (the reason says why).
   */
  end: 'origin' | 'expression' | 'unknown';
  reason?: string;
  inputs?: Array<{ node: string; column: string }>;
  /** Other union branches at some hop (the path follows the first). */
  branches?: Array<{ node: string; column: string; transform: Transform }>;
}

const MAX_HOPS = 200;

/** Follows pass/rename/cast hops upstream from `node.column` (the first union branch at each hop). */
export function traceColumn(node: string, column: string, lookup: LineageLookup): ColumnTrace {
  const path: TraceHop[] = [{ node, column }];
  const trace: ColumnTrace = { column, path, end: 'origin' };
  for (let hops = 0; hops < MAX_HOPS; hops++) {
    const here = path[path.length - 1] as TraceHop;
    const lineage = lookup(here.node, here.column);
    if (lineage === undefined) return trace;
    if (lineage.kind === 'unknown') return { ...trace, end: 'unknown', reason: lineage.reason };
    const [first, ...rest] = lineage.sources.filter((s) => s.transform !== 'expression');
    if (!first) return { ...trace, end: 'expression', inputs: lineage.sources.map((s) => ({ node: s.node, column: s.column })) };
    if (rest.length > 0) trace.branches = [...(trace.branches ?? []), ...rest];
    here.transform = first.transform;
    path.push({ node: first.node, column: first.column });
  }
  return { ...trace, end: 'unknown', reason: `the path is longer than ${MAX_HOPS} hops` };
}
