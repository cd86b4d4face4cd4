import path from 'node:path';
import { isRealDescription, type DocState } from '../inheritance/doc-state.js';
import { toPosix } from '../project/posix-path.js';

/** Documented columns and node descriptions of one group of nodes. */
export interface CoverageCounts {
  columns: number;
  documentedColumns: number;
  nodes: number;
  describedNodes: number;
}

/** One folder and resource type: coverage as the YAML stands, and after inheritance alone. */
export interface CoverageRow {
  /** The folder of the nodes' defining files (SQL, CSV, or the YAML of a source), relative to the project. */
  folder: string;
  resourceType: string;
  now: CoverageCounts;
  afterInheritance: CoverageCounts;
}

/** Per node: columns, documented columns, and whether the node is described. */
export type NodeCounts = Map<string, { columns: number; documented: number; described: boolean }>;

/**
 * Counts what is documented in `state` for the given nodes. A column counts when the run knows it
 * (the YAML's and the catalog's); placeholders count as undocumented, as everywhere else.
 */
export function countDocumented(state: DocState, ids: Iterable<string>, placeholders: ReadonlySet<string>): NodeCounts {
  const counts: NodeCounts = new Map();
  for (const id of ids) {
    const doc = state.get(id);
    if (!doc) continue;
    counts.set(id, {
      columns: doc.columns.length,
      documented: doc.columns.filter((c) => isRealDescription(c.description, placeholders)).length,
      described: isRealDescription(doc.description, placeholders),
    });
  }
  return counts;
}

const empty = (): CoverageCounts => ({ columns: 0, documentedColumns: 0, nodes: 0, describedNodes: 0 });

function add(into: CoverageCounts, n: { columns: number; documented: number; described: boolean }): void {
  into.columns += n.columns;
  into.documentedColumns += n.documented;
  into.nodes += 1;
  into.describedNodes += n.described ? 1 : 0;
}

/** Groups two counts of the same nodes by folder and resource type, sorted by folder then type. */
export function coverageRows(state: DocState, now: NodeCounts, after: NodeCounts): CoverageRow[] {
  const rows = new Map<string, CoverageRow>();
  for (const [id, counts] of now) {
    const node = state.get(id)?.node;
    const later = after.get(id);
    if (!node || !later) continue;
    const folder = path.posix.dirname(toPosix(node.originalFilePath));
    const key = `${folder}\u0000${node.resourceType}`;
    let row = rows.get(key);
    if (!row) {
      row = { folder, resourceType: node.resourceType, now: empty(), afterInheritance: empty() };
      rows.set(key, row);
    }
    add(row.now, counts);
    add(row.afterInheritance, later);
  }
  return [...rows.values()].sort((a, b) => a.folder.localeCompare(b.folder) || a.resourceType.localeCompare(b.resourceType));
}

/** The sum of the rows. */
export function totalOf(rows: readonly CoverageRow[]): { now: CoverageCounts; afterInheritance: CoverageCounts } {
  const sum = (pick: (r: CoverageRow) => CoverageCounts): CoverageCounts =>
    rows.map(pick).reduce((t, c) => ({
      columns: t.columns + c.columns,
      documentedColumns: t.documentedColumns + c.documentedColumns,
      nodes: t.nodes + c.nodes,
      describedNodes: t.describedNodes + c.describedNodes,
    }), empty());
  return { now: sum((r) => r.now), afterInheritance: sum((r) => r.afterInheritance) };
}

/** Documented share in percent; 100 when there is nothing to document. */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : (100 * part) / whole;
}
