import type { DocumentOptions } from '../config/types.js';
import { docStateOf, inheritAll, selectWritable, staleManifestWarnings } from '../document-project.js';
import { buildGraph } from '../graph/build-graph.js';
import { placeholderSet } from '../inheritance/doc-state.js';
import { loadProject } from '../project/load-project.js';
import { countDocumented, coverageRows, totalOf, type CoverageCounts, type CoverageRow } from './measure-coverage.js';

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
export async function auditProject(options: DocumentOptions, cwd: string): Promise<AuditReport> {
  const project = loadProject(options);
  const graph = buildGraph(project.manifest.nodes);
  const selected = selectWritable(project, graph, options, cwd);
  const warnings = [...project.warnings, ...(await staleManifestWarnings(project))];
  const state = docStateOf(project);
  const placeholders = placeholderSet(options.placeholders);
  const now = countDocumented(state, selected, placeholders);
  inheritAll(graph.topologicalOrder(), state, graph, { forceInheritDescriptions: options.forceInheritDescriptions, placeholders }, selected);
  const after = countDocumented(state, selected, placeholders);
  const rows = coverageRows(state, now, after);
  return { rows, total: totalOf(rows), warnings };
}
