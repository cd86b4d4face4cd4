import { baseColumn, combine, unknown, type Resolved, type ScopeRelation } from './scope.js';

/** A column that a `JOIN ... USING (column)` merges; `join` is the kind of the join that named it. */
export interface UsingColumn {
  left: ScopeRelation;
  right: ScopeRelation;
  join: 'inner' | 'left' | 'right' | 'full';
}

/** The relations an expression of one SELECT can read, with USING columns and earlier select aliases. */
export interface SelectScope {
  relations: ScopeRelation[];
  using: Map<string, UsingColumn>;
  /** Earlier aliases of the select list (Snowflake, BigQuery, DuckDB and Redshift allow reusing them). */
  lateral: Map<string, Resolved>;
}

/** `column` read from `relation`, or unknown when the relation's columns cannot say. */
export function columnOf(relation: ScopeRelation, column: string): Resolved {
  const found = relation.columns?.find((c) => c.name === column);
  if (found) return found.lineage;
  if (relation.base !== undefined) return baseColumn(relation.base, column);
  return unknown(`column '${column}' is not among the known columns of '${relation.alias}'`);
}

function hasColumn(relation: ScopeRelation, column: string): 'yes' | 'no' | 'maybe' {
  if (relation.columns?.some((c) => c.name === column)) return 'yes';
  return relation.complete ? 'no' : 'maybe';
}

function usingColumn(using: UsingColumn, column: string): Resolved {
  if (using.join === 'inner' || using.join === 'left') return columnOf(using.left, column);
  if (using.join === 'right') return columnOf(using.right, column);
  // FULL JOIN ... USING gives coalesce(left, right).
  return combine([columnOf(using.left, column), columnOf(using.right, column)], 'expression');
}

/**
 * An unqualified column. It resolves only when exactly one relation can hold it: a relation
 * whose columns are not all known could hold any name, so beside another candidate it makes the
 * column unknown (never a guessed edge).
 */
export function resolveUnqualified(column: string, scope: SelectScope): Resolved {
  const using = scope.using.get(column);
  if (using) return usingColumn(using, column);
  const yes = scope.relations.filter((r) => hasColumn(r, column) === 'yes');
  const maybe = scope.relations.filter((r) => hasColumn(r, column) === 'maybe');
  const lateral = scope.lateral.get(column);
  if (yes.length === 1 && maybe.length === 0) return columnOf(yes[0] as ScopeRelation, column);
  if (yes.length === 0 && maybe.length === 1) {
    const fromTable = columnOf(maybe[0] as ScopeRelation, column);
    // Tables win over select aliases; a table that may lack the column only when both agree.
    if (!lateral || JSON.stringify(lateral) === JSON.stringify(fromTable)) return fromTable;
  }
  if (yes.length === 0 && maybe.length === 0 && lateral) return lateral;
  if (yes.length + maybe.length === 0) return unknown(`column '${column}' is in none of the relations it is read from`);
  const names = [...yes, ...maybe].map((r) => r.alias).join(', ');
  return unknown(`unqualified column '${column}' could come from any of ${names}${lateral ? ' or the select alias' : ''}`);
}

/** A qualified column: `alias.column` or `schema.table.column`. */
export function resolveQualified(parts: readonly string[], scope: SelectScope): Resolved {
  const column = parts[parts.length - 1] as string;
  const qualifier = parts.slice(0, -1);
  const matches = scope.relations.filter((r) =>
    qualifier.length === 1 ? r.alias === qualifier[0] : r.nameParts.length >= qualifier.length && qualifier.every((q, i) => r.nameParts[r.nameParts.length - qualifier.length + i] === q),
  );
  if (matches.length === 1) return columnOf(matches[0] as ScopeRelation, column);
  // No relation of that name: a struct field (`col.field`), or a correlated outer reference.
  if (matches.length === 0) return unknown(`'${parts.join('.')}' names no relation of its FROM clause`);
  return unknown(`qualifier '${qualifier.join('.')}' names several relations`);
}
