/** How an output column is made from one upstream column (docs/lineage.md). */
export type Transform = 'pass' | 'rename' | 'cast' | 'expression';

/** One upstream column an output column reads. */
export interface LineageSource {
  /** Upstream node id (in a model's lineage) or relation key (inside the SQL resolver). */
  node: string;
  column: string;
  transform: Transform;
}

/**
 * Where one output column comes from. `known` lists every upstream column it reads (one per union
 * branch for pass/rename/cast; every input of an expression); `unknown` says why not, so name
 * matching applies and the report can count it.
 */
export type ColumnLineage =
  | { kind: 'known'; sources: LineageSource[] }
  | { kind: 'unknown'; reason: string };

/** A model's lineage, or why it fell back to name matching. */
export type ModelLineage =
  | { status: 'parsed'; columns: Map<string, ColumnLineage>; complete: boolean }
  | { status: 'fallback'; reason: string };

/**
 * Lineage of the models of a manifest, worked out on first use: a model's SQL is parsed only when
 * one of its columns (or a child's `*` over it) is asked about, so a run that selects a few
 * models, or a well documented project, parses little.
 */
export interface ProjectLineage {
  /** The model's lineage; undefined for nodes without SQL (sources, seeds, models with no code). */
  model(nodeId: string): ModelLineage | undefined;
  /** Lineage of the models resolved so far. */
  resolved(): ReadonlyMap<string, ModelLineage>;
  /** Models resolved so far that parsed / fell back to name matching. */
  readonly modelsParsed: number;
  readonly modelsFallback: number;
  /** Ends parsing ahead (a worker thread); returns why it stopped early, if it did. */
  close(): string | undefined;
}

/** Lower-cased column name → lineage; the lookup inheritance uses. */
export function columnLineage(lineage: ProjectLineage | undefined, nodeId: string, column: string): ColumnLineage | undefined {
  const model = lineage?.model(nodeId);
  if (!model || model.status !== 'parsed') return undefined;
  return model.columns.get(column.toLowerCase());
}
