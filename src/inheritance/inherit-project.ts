/**
 * The inheritance pass over a loaded project: which nodes may be written, each node's doc state
 * before inheritance, and inheritance parents first. `yaml document` and `yaml audit` both run it.
 */
import type { DocumentOptions } from '../config/types.js';
import type { DocGraph } from '../graph/build-graph.js';
import { selectNodes } from '../graph/select.js';
import { assertSelectionMatches, selectionSpec } from '../graph/assert-selection-matches.js';
import type { LoadedProject } from '../project/load-project.js';
import { toPosixRelative } from '../project/posix-path.js';
import type { RenamedInheritance } from '../report.js';
import { buildDocState } from './build-doc-state.js';
import type { DocState } from './doc-state.js';
import { inheritColumnDocs, type InheritOptions } from './inherit-column-docs.js';

/** Package name → its directory relative to the project dir ('' for the project itself). */
function packageDirs(project: LoadedProject): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const pkg of project.packages.values()) dirs.set(pkg.name, toPosixRelative(project.projectDir, pkg.dir));
  return dirs;
}

export function selectWritable(project: LoadedProject, graph: DocGraph, options: DocumentOptions, cwd: string): Set<string> {
  const spec = selectionSpec(options);
  const ctx = { projectDir: project.projectDir, cwd, packageDirs: packageDirs(project) };
  const selected = selectNodes(graph, project.manifest.nodes, spec, ctx);
  const writable = new Set([...selected].filter((id) => project.manifest.nodes.get(id)?.packageName === project.writablePackage));
  assertSelectionMatches(graph, project.manifest.nodes, spec, ctx, { writable: writable.size, project: project.writablePackage });
  return writable;
}

/** Each node's documentation state as the project's YAML and catalog have it, before inheritance. */
export function docStateOf(project: LoadedProject, readFromManifest: ReadonlySet<string> = new Set()): DocState {
  return buildDocState({
    nodes: project.manifest.nodes,
    entries: project.entries,
    writablePackage: project.writablePackage,
    ...(project.catalog ? { catalog: project.catalog } : {}),
    readFromManifest,
  });
}

/** Runs inheritance over every node, parents first; counts what selected columns inherited. */
export function inheritAll(order: readonly string[], state: DocState, graph: DocGraph, opts: InheritOptions, selected: ReadonlySet<string>): { inherited: number; byLineage: number; renamed: RenamedInheritance[] } {
  const out = { inherited: 0, byLineage: 0, renamed: [] as RenamedInheritance[] };
  // Only the selection and its ancestors can change what is written; skipping the rest also
  // spares their lineage (a model's SQL is parsed when inheritance first asks about it).
  const needed = new Set([...selected, ...graph.ancestorsOf(selected)]);
  for (const id of order) {
    if (!needed.has(id)) continue;
    const changes = inheritColumnDocs(id, state, (n) => graph.walkAncestorGenerations(n), opts);
    if (!selected.has(id)) continue;
    out.inherited += changes.length;
    for (const c of changes) {
      if (c.byLineage) out.byLineage++;
      if (c.renamed) out.renamed.push({ node: c.nodeId, column: c.column, from: c.from, fromColumn: c.fromColumn });
    }
  }
  return out;
}

