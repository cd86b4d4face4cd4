/** How an output column is made from one upstream column (spec/lineage.md). */
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

/** Lineage of every model that has SQL, by unique id. */
export interface ProjectLineage {
  models: Map<string, ModelLineage>;
  /** Models parsed / fallen back to name matching (models with no SQL are in neither). */
  modelsParsed: number;
  modelsFallback: number;
}

/** Lower-cased column name → lineage; the lookup inheritance uses. */
export function columnLineage(lineage: ProjectLineage | undefined, nodeId: string, column: string): ColumnLineage | undefined {
  const model = lineage?.models.get(nodeId);
  if (!model || model.status !== 'parsed') return undefined;
  return model.columns.get(column.toLowerCase());
}
