import type { DocumentOptions } from '../config/types.js';
import { docStateOf, inheritAll, selectWritable } from '../inheritance/inherit-project.js';
import { staleManifestWarnings } from '../project/stale-manifest-warnings.js';
import { buildGraph } from '../graph/build-graph.js';
import { placeholderSet } from '../inheritance/doc-state.js';
import type { InheritOptions } from '../inheritance/inherit-column-docs.js';
import { lineageForState, lineageLookup } from '../lineage/lineage-for-state.js';
import { loadProject } from '../project/load-project.js';
import { countDocumented, coverageRows, totalOf, type CoverageCounts, type CoverageRow } from './measure-coverage.js';
import type { FileSystemPort } from '../ports.js';

/** What `osmosis-ts yaml audit` found. */
export interface AuditReport {
  rows: CoverageRow[];
  total: { now: CoverageCounts; afterInheritance: CoverageCounts };
  warnings: string[];
}

/**
 * Documentation coverage of the selected nodes of the project: as the YAML stands, and after the
 * same inheritance `yaml document` runs (nothing is written).
 */
export async function auditProject(options: DocumentOptions, cwd: string, fs: FileSystemPort): Promise<AuditReport> {
  const project = loadProject(options, fs);
  const graph = buildGraph(project.manifest.nodes);
  const selected = selectWritable(project, graph, options, cwd);
  const warnings = [...project.warnings, ...(await staleManifestWarnings(project, fs))];
  const state = docStateOf(project);
  const placeholders = placeholderSet(options.placeholders);
  const now = countDocumented(state, selected, placeholders);
  const inheritOpts: InheritOptions = { forceInheritDescriptions: options.forceInheritDescriptions, placeholders };
  // The same inheritance `yaml document` runs: along column lineage unless --lineage off.
  if (options.lineage !== false) {
    const catalog = project.catalog;
    inheritOpts.lineage = lineageLookup(await lineageForState(project.manifest, state, (id) => catalog?.nodes.has(id) ?? false));
  }
  inheritAll(graph.topologicalOrder(), state, graph, inheritOpts, selected);
  const after = countDocumented(state, selected, placeholders);
  const rows = coverageRows(state, now, after);
  return { rows, total: totalOf(rows), warnings };
}
