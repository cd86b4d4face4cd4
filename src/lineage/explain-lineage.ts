import type { DocumentOptions } from '../config/types.js';
import { InputError } from '../errors.js';
import { buildGraph } from '../graph/build-graph.js';
import { buildDocState } from '../inheritance/build-doc-state.js';
import { loadProject } from '../project/load-project.js';
import { lineageForState, lineageLookup } from './lineage-for-state.js';
import { traceColumn, type ColumnTrace } from './trace-column.js';
import type { FileSystemPort } from '../ports.js';

/** What `osmosis-ts lineage NODE[.COLUMN]` shows. */
export interface LineageExplanation {
  node: string;
  /** `parsed`, `fallback` (with the reason) or `no-sql` (sources, seeds, snapshots without SQL). */
  status: 'parsed' | 'fallback' | 'no-sql';
  reason?: string;
  columns: ColumnTrace[];
}

function findNode(target: string, ids: Iterable<string>, names: (id: string) => string[]): { id: string; column?: string } {
  const all = [...ids];
  const exact = all.find((id) => id === target);
  if (exact) return { id: exact };
  const tryName = (name: string): string[] => all.filter((id) => names(id).includes(name.toLowerCase()));
  const whole = tryName(target);
  if (whole.length === 1) return { id: whole[0] as string };
  const dot = target.lastIndexOf('.');
  if (whole.length === 0 && dot > 0) {
    const head = target.slice(0, dot);
    const byId = all.find((id) => id === head);
    const candidates = byId ? [byId] : tryName(head);
    if (candidates.length === 1) return { id: candidates[0] as string, column: target.slice(dot + 1) };
    if (candidates.length > 1) throw new InputError('lineage-node', `'${head}' names several nodes (${candidates.join(', ')}): give the unique id, e.g. ${candidates[0]}.${target.slice(dot + 1)}`);
  }
  if (whole.length > 1) throw new InputError('lineage-node', `'${target}' names several nodes (${whole.join(', ')}): give the unique id`);
  throw new InputError('lineage-node', `'${target}' names no model, seed, snapshot or source of the manifest: give NODE or NODE.COLUMN (a name or unique id)`);
}

/** Loads the project as `yaml document` does and traces the lineage of one node's columns, or one column. */
export async function explainLineage(options: DocumentOptions, target: string, fs: FileSystemPort): Promise<LineageExplanation> {
  const project = loadProject(options, fs);
  const nodes = project.manifest.nodes;
  // Throws on a cycle, which lineage resolution (parents on demand) must not meet.
  buildGraph(nodes).topologicalOrder();
  const state = buildDocState({ nodes, entries: project.entries, writablePackage: project.writablePackage, ...(project.catalog ? { catalog: project.catalog } : {}) });
  const { id, column } = findNode(target, nodes.keys(), (n) => {
    const node = nodes.get(n);
    if (!node) return [];
    return [node.name.toLowerCase(), ...(node.sourceName ? [`${node.sourceName}.${node.name}`.toLowerCase()] : [])];
  });
  const catalog = project.catalog;
  const lineage = await lineageForState(project.manifest, state, (n) => catalog?.nodes.has(n) ?? false);
  const lookup = lineageLookup(lineage);
  const model = lineage.model(id);
  const known = state.get(id)?.columns.map((c) => c.name) ?? [];
  const parsedNames = model?.status === 'parsed' ? [...model.columns.keys()] : [];
  const names = [...known, ...parsedNames.filter((n) => !known.some((k) => k.toLowerCase() === n))];
  if (column !== undefined && !names.some((n) => n.toLowerCase() === column.toLowerCase())) {
    throw new InputError('lineage-column', `${id} has no column '${column}' in its YAML, catalog or SQL; its columns: ${names.join(', ') || '(none known)'}`);
  }
  const wanted = column === undefined ? names : names.filter((n) => n.toLowerCase() === column.toLowerCase());
  return {
    node: id,
    status: model === undefined ? 'no-sql' : model.status,
    ...(model?.status === 'fallback' ? { reason: model.reason } : {}),
    columns: wanted.map((n) => traceColumn(id, n, lookup)),
  };
}
