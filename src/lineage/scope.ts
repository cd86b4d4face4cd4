/**
 * The resolver's intermediate model. Steps are kept as bare/cast/expression while walking CTEs
 * and subqueries; pass versus rename is decided at the model's output, by comparing names.
 */

/** How a value got here from its upstream column, across every hop inside one SQL statement. */
export type Step = 'bare' | 'cast' | 'expression';

const STEP_ORDER: Readonly<Record<Step, number>> = { bare: 0, cast: 1, expression: 2 };

/** The composition of two hops is the stronger one: cast of a bare column is a cast, and so on. */
export function composeStep(a: Step, b: Step): Step {
  return STEP_ORDER[a] >= STEP_ORDER[b] ? a : b;
}

/** An upstream column of a base relation (a table the statement reads, by its lower-cased dotted name). */
export interface StepSource {
  relation: string;
  column: string;
  step: Step;
}

export type Resolved = { kind: 'known'; sources: StepSource[] } | { kind: 'unknown'; reason: string };

export interface OutputColumn {
  /** Lower-cased output name; '' when the dialect names it (an unaliased expression). */
  name: string;
  lineage: Resolved;
}

/** What a query (or CTE, or subquery) outputs. `complete` is false when a `*` could not be expanded. */
export interface QueryOutput {
  columns: OutputColumn[];
  complete: boolean;
  /**
   * When the only columns not listed come from one `*` over one table whose columns are not all
   * known, that table: any other name read from this output is that table's column.
   */
  base?: string;
}

/** A relation in a FROM clause. */
export interface ScopeRelation {
  /** Name a qualifier uses: the alias, else the table's last name part. */
  alias: string;
  /** Full lower-cased name parts (for `schema.table.column` qualifiers); [] for subqueries. */
  nameParts: string[];
  /** Known columns in order; undefined when none are known. */
  columns?: OutputColumn[];
  /** The columns are the relation's full list (from the catalog, or a parsed upstream). */
  complete: boolean;
  /** Base relation key: a column not listed is still read from this table, when it is the only candidate. */
  base?: string;
}

/** Columns known for a base relation and whether the list is complete. */
export interface RelationColumns {
  names: string[];
  complete: boolean;
}

export function unknown(reason: string): Resolved {
  return { kind: 'unknown', reason };
}

/** Lineage of `relation.column` read as is. */
export function baseColumn(relation: string, column: string): Resolved {
  return { kind: 'known', sources: [{ relation, column, step: 'bare' }] };
}

/** Applies one more hop of kind `step` to every source. */
export function applyStep(resolved: Resolved, step: Step): Resolved {
  if (resolved.kind === 'unknown') return resolved;
  return { kind: 'known', sources: resolved.sources.map((s) => ({ ...s, step: composeStep(s.step, step) })) };
}

/** Several inputs read together (an expression, a union column, a FULL JOIN ... USING column). */
export function combine(parts: readonly Resolved[], step: Step): Resolved {
  const sources: StepSource[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    if (part.kind === 'unknown') return part;
    for (const s of part.sources) {
      const out = { ...s, step: composeStep(s.step, step) };
      const key = `${out.relation}\u0000${out.column}\u0000${out.step}`;
      if (seen.has(key)) continue;
      seen.add(key);
      sources.push(out);
    }
  }
  return { kind: 'known', sources };
}
