import type { ColumnLineage, LineageSource } from '../lineage/types.js';
import { isRealDescription, type ColumnDoc, type DocState } from './doc-state.js';

/** A node's column lineage, by node id and column name (any case); undefined when not parsed. */
export type LineageLookup = (nodeId: string, column: string) => ColumnLineage | undefined;

/** The ancestor column whose text a column inherits along its lineage. */
export interface LineageMatch {
  id: string;
  column: ColumnDoc;
  /** Some hop of the path renamed the column. */
  renamed: boolean;
}

/** Path hops beyond this are a cycle the graph did not catch; stop rather than loop. */
const MAX_HOPS = 200;

/**
 * Walks `pass`/`rename`/`cast` sources upstream to the nearest column with a real text, going on
 * through ancestors whose own text is missing (or that do not list the column at all). Sources are
 * tried in order: union branches in SQL order.
 */
export function followLineage(sources: readonly LineageSource[], state: DocState, lookup: LineageLookup, placeholders: ReadonlySet<string>, hops = 0): LineageMatch | undefined {
  if (hops > MAX_HOPS) return undefined;
  for (const source of sources) {
    if (source.transform === 'expression') continue;
    const renamed = source.transform === 'rename';
    const column = state.get(source.node)?.byName.get(source.column.toLowerCase());
    if (column && isRealDescription(column.description, placeholders)) return { id: source.node, column, renamed };
    const upstream = lookup(source.node, source.column);
    if (upstream?.kind !== 'known') continue;
    const found = followLineage(upstream.sources, state, lookup, placeholders, hops + 1);
    if (found) return { ...found, renamed: found.renamed || renamed };
  }
  return undefined;
}
