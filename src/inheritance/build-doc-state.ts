import type { Catalog, DbtNode } from '../project/manifest/types.js';
import type { YamlEntry } from '../yaml/types.js';
import type { ColumnDoc, DocState, NodeDoc } from './doc-state.js';

export interface DocStateInput {
  nodes: ReadonlyMap<string, DbtNode>;
  entries: ReadonlyMap<string, { file: string; entry: YamlEntry }>;
  catalog?: Catalog;
  writablePackage: string;
  /** Nodes whose schema file could not be read: their docs come from the manifest, as for a package. */
  readFromManifest?: ReadonlySet<string>;
}

function columnsFromYaml(entry: YamlEntry): ColumnDoc[] {
  return entry.columns.map((c) => ({
    name: c.name,
    ...(c.description !== undefined ? { description: c.description } : {}),
    tags: [...c.tags],
    meta: { ...c.meta },
    ...(c.dataType !== undefined ? { dataType: c.dataType } : {}),
    yaml: c,
    origin: 'own' as const,
  }));
}

function columnsFromManifest(node: DbtNode): ColumnDoc[] {
  return node.columns.map((c) => ({
    name: c.name,
    description: c.description,
    tags: [...c.tags],
    meta: { ...c.meta },
    ...(c.dataType !== undefined ? { dataType: c.dataType } : {}),
    origin: 'own' as const,
  }));
}

/**
 * Builds each node's columns: those its YAML declares (or, for a package whose YAML is not on
 * disk, the manifest's), plus the catalog's columns the YAML lacks, in catalog order.
 */
export function buildDocState(input: DocStateInput): DocState {
  const state: DocState = new Map();
  for (const [id, node] of input.nodes) {
    const located = input.entries.get(id);
    const writable = node.packageName === input.writablePackage;
    const fromManifest = !located && (!writable || input.readFromManifest?.has(id) === true);
    const columns = located ? columnsFromYaml(located.entry) : fromManifest ? columnsFromManifest(node) : [];
    const byName = new Map<string, ColumnDoc>();
    for (const c of columns) if (!byName.has(c.name.toLowerCase())) byName.set(c.name.toLowerCase(), c);
    (input.catalog?.nodes.get(id) ?? []).forEach((cat, catalogIndex) => {
      const key = cat.name.toLowerCase();
      const existing = byName.get(key);
      if (existing) {
        if (cat.type) existing.dataType = cat.type;
        existing.catalogIndex ??= catalogIndex;
        return;
      }
      const added: ColumnDoc = { name: cat.name, tags: [], meta: {}, origin: 'none', catalogIndex, ...(cat.type ? { dataType: cat.type } : {}) };
      columns.push(added);
      byName.set(key, added);
    });
    const description = located ? located.entry.description : fromManifest ? node.description : undefined;
    const prefix = located?.entry.columnPrefix ?? node.columnPrefix;
    const doc: NodeDoc = {
      node,
      writable,
      columns,
      byName,
      descriptionOrigin: description !== undefined ? 'own' : 'none',
      ...(located ? { entry: located } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(prefix ? { prefix: prefix.toLowerCase() } : {}),
    };
    state.set(id, doc);
  }
  return state;
}
