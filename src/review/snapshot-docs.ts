import type { DocOrigin, DocState } from '../inheritance/doc-state.js';

export interface ColumnSnapshot {
  description: string | undefined;
  origin: DocOrigin;
  progenitor: string | undefined;
  inheritedFrom: string | undefined;
}

export interface NodeSnapshot {
  description: string | undefined;
  origin: DocOrigin;
  /** Lower-cased column name → its state. */
  columns: Map<string, ColumnSnapshot>;
}

export type DocsSnapshot = Map<string, NodeSnapshot>;

/** The texts of the nodes to write, taken after inheritance and before synthesis. */
export function snapshotDocs(state: DocState, nodes: Iterable<string>): DocsSnapshot {
  const out: DocsSnapshot = new Map();
  for (const id of nodes) {
    const doc = state.get(id);
    if (!doc || !doc.writable) continue;
    const columns = new Map<string, ColumnSnapshot>();
    for (const c of doc.columns) {
      columns.set(c.name.toLowerCase(), { description: c.description, origin: c.origin, progenitor: c.progenitor, inheritedFrom: c.inheritedFrom });
    }
    out.set(id, { description: doc.description, origin: doc.descriptionOrigin, columns });
  }
  return out;
}

/** Puts a column's or node's text back as the snapshot had it (the machine text goes to a proposal instead). */
export function restoreColumn(state: DocState, node: string, column: string, snap: ColumnSnapshot): void {
  const c = state.get(node)?.byName.get(column.toLowerCase());
  if (!c) return;
  if (snap.description === undefined) delete c.description;
  else c.description = snap.description;
  c.origin = snap.origin;
  if (snap.progenitor === undefined) delete c.progenitor;
  else c.progenitor = snap.progenitor;
  if (snap.inheritedFrom === undefined) delete c.inheritedFrom;
  else c.inheritedFrom = snap.inheritedFrom;
}

export function restoreNodeDescription(state: DocState, node: string, snap: NodeSnapshot): void {
  const doc = state.get(node);
  if (!doc) return;
  if (snap.description === undefined) delete doc.description;
  else doc.description = snap.description;
  doc.descriptionOrigin = snap.origin;
}
