import { allIdentNames, field, identName, list, objectNameParts, variant, type Json } from './sql-ast.js';
import { resolveUnqualified, type SelectScope, type UsingColumn } from './resolve-column-ref.js';
import { shapeExpression } from './resolve-expression.js';
import { baseColumn, combine, unknown, type QueryOutput, type RelationColumns, type ScopeRelation } from './scope.js';

/** CTEs in reach and how to learn a base relation's columns. */
export interface QueryEnv {
  ctes: Map<string, QueryOutput>;
  columnsOf: (relation: string) => RelationColumns | undefined;
}

/** Prefix of the CTEs dbt inlines for ephemeral models. */
export const EPHEMERAL_CTE_PREFIX = '__dbt__cte__';

const INCOMPLETE: QueryOutput = { columns: [], complete: false };

/** Renames outputs by position for `alias(a, b)` / `cte(a, b) as (...)`. */
function renameByAlias(output: QueryOutput, alias: Json): QueryOutput {
  const names = list(field(alias, 'columns')).map((c) => identName(c) ?? identName(field(c, 'name')));
  if (names.length === 0) return output;
  if (names.some((n) => n === undefined) || !output.complete) return INCOMPLETE;
  return { columns: output.columns.map((c, i) => ({ name: names[i] ?? c.name, lineage: c.lineage })), complete: true };
}

function baseRelation(parts: string[], alias: string | undefined, env: QueryEnv): ScopeRelation {
  const key = parts.join('.');
  const known = env.columnsOf(key);
  return {
    alias: alias ?? (parts[parts.length - 1] as string),
    nameParts: parts,
    ...(known ? { columns: known.names.map((n) => ({ name: n, lineage: baseColumn(key, n) })) } : {}),
    complete: known?.complete ?? false,
    base: key,
  };
}

function derivedRelation(output: QueryOutput, alias: string, nameParts: string[]): ScopeRelation {
  return { alias, nameParts, columns: output.columns.filter((c) => c.name !== ''), complete: output.complete, ...(output.base !== undefined ? { base: output.base } : {}) };
}

/** The relations one FROM item brings into scope (a parenthesized join brings several). */
function tableFactor(factor: Json, env: QueryEnv): ScopeRelation[] {
  const tagged = variant(factor);
  const aliasNode = field(tagged?.[1], 'alias');
  const alias = identName(field(aliasNode, 'name'));
  if (tagged?.[0] === 'Table') {
    const parts = objectNameParts(field(tagged[1], 'name'));
    if (parts && field(tagged[1], 'args') == null) {
      const cte = parts.length === 1 ? env.ctes.get(parts[0] as string) : undefined;
      if (cte) return [derivedRelation(renameByAlias(cte, aliasNode), alias ?? (parts[0] as string), parts)];
      return [baseRelation(parts, alias, env)];
    }
  }
  if (tagged?.[0] === 'Derived') {
    const output = resolveQuery(field(tagged[1], 'subquery'), env);
    return [derivedRelation(renameByAlias(output, aliasNode), alias ?? '', [])];
  }
  if (tagged?.[0] === 'NestedJoin' && alias === undefined) return joinedRelations(field(tagged[1], 'table_with_joins'), env, new Map());
  // Table functions, UNNEST, PIVOT, lateral flatten...: columns not known.
  return [{ alias: alias ?? '', nameParts: [], complete: false }];
}

function joinKind(operator: Json): UsingColumn['join'] {
  const tag = variant(operator)?.[0] ?? '';
  if (tag.startsWith('Left')) return 'left';
  if (tag.startsWith('Right')) return 'right';
  if (tag.startsWith('Full')) return 'full';
  return 'inner';
}

/** The left-hand relation a USING column comes from: the one relation that can hold it. */
function usingLeft(column: string, left: ScopeRelation[], using: Map<string, UsingColumn>): ScopeRelation | undefined {
  const merged = using.get(column);
  if (merged) return merged.join === 'right' ? merged.right : merged.left;
  const candidates = left.filter((r) => r.columns?.some((c) => c.name === column) || !r.complete);
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** Relations of a FROM item with its joins, recording USING columns. */
function joinedRelations(item: Json, env: QueryEnv, using: Map<string, UsingColumn>): ScopeRelation[] {
  const relations = tableFactor(field(item, 'relation'), env);
  for (const join of list(field(item, 'joins'))) {
    const right = tableFactor(field(join, 'relation'), env);
    const operator = field(join, 'join_operator');
    const constraint = variant(variant(operator)?.[1]);
    if (constraint?.[0] === 'Using' && right.length === 1) {
      for (const name of list(constraint[1]).map((n) => objectNameParts(n)?.at(-1))) {
        if (name === undefined) continue;
        const left = usingLeft(name, relations, using);
        // A USING column whose left side is not certain resolves to nothing (see resolveUnqualified).
        if (left) using.set(name, { left, right: right[0] as ScopeRelation, join: joinKind(operator) });
        else using.delete(name);
      }
    }
    if (constraint?.[0] === 'Natural') for (const r of right) r.complete = false;
    relations.push(...right);
  }
  return relations;
}

/** What a select list could not list: the tables of its stars whose columns are not all known, or null for anything else. */
type Unlisted = Array<string | null>;

/** Columns `*` (or `rel.*`) expands to, minus `exclude`/`except`; USING columns once, first. */
function expandStar(relations: ScopeRelation[], options: Json, scope: SelectScope, out: QueryOutput, unlisted: Unlisted): void {
  const excluded = new Set([...allIdentNames(field(options, 'opt_exclude')), ...allIdentNames(field(options, 'opt_except'))]);
  // REPLACE and RENAME change columns in ways not modelled: their columns become unknown.
  const changed = new Set([...allIdentNames(field(options, 'opt_replace')), ...allIdentNames(field(options, 'opt_rename'))]);
  if (changed.size > 0) out.complete = false;
  const emitted = new Set<string>();
  const usingFirst = relations.length > 1 ? [...scope.using.keys()] : [];
  for (const name of usingFirst) {
    if (excluded.has(name) || changed.has(name)) continue;
    out.columns.push({ name, lineage: resolveUnqualified(name, scope) });
    emitted.add(name);
  }
  for (const relation of relations) {
    if (!relation.complete) {
      out.complete = false;
      unlisted.push(excluded.size === 0 && changed.size === 0 && relation.base !== undefined ? relation.base : null);
    }
    for (const c of relation.columns ?? []) {
      if (excluded.has(c.name) || changed.has(c.name) || emitted.has(c.name)) continue;
      out.columns.push(c);
    }
  }
}

function outputName(expr: Json): string {
  const tagged = variant(expr);
  if (tagged?.[0] === 'Identifier') return identName(tagged[1]) ?? '';
  if (tagged?.[0] === 'CompoundIdentifier') return identName(list(tagged[1]).at(-1)) ?? '';
  return '';
}

function resolveSelect(select: Json, env: QueryEnv): QueryOutput {
  const using = new Map<string, UsingColumn>();
  const relations = list(field(select, 'from')).flatMap((item) => joinedRelations(item, env, using));
  if (list(field(select, 'lateral_views')).length > 0) relations.push({ alias: '', nameParts: [], complete: false });
  const scope: SelectScope = { relations, using, lateral: new Map() };
  const out: QueryOutput = { columns: [], complete: true };
  const unlisted: Unlisted = [];
  for (const item of list(field(select, 'projection'))) {
    const tagged = variant(item);
    if (!tagged) {
      unlisted.push(null);
      continue;
    }
    const [tag, payload] = tagged;
    if (tag === 'Wildcard') expandStar(relations, payload, scope, out, unlisted);
    else if (tag === 'QualifiedWildcard') {
      const parts = objectNameParts(variant(list(payload)[0])?.[1] ?? list(payload)[0]) ?? [];
      const target = relations.filter((r) => (parts.length === 1 ? r.alias === parts[0] : parts.every((p, i) => r.nameParts[r.nameParts.length - parts.length + i] === p)));
      if (target.length === 1) expandStar(target, list(payload)[1], { ...scope, using: new Map() }, out, unlisted);
      else unlisted.push(null);
    } else if (tag === 'UnnamedExpr' || tag === 'ExprWithAlias') {
      const expr = tag === 'UnnamedExpr' ? payload : field(payload, 'expr');
      const name = tag === 'UnnamedExpr' ? outputName(expr) : identName(field(payload, 'alias')) ?? '';
      const { resolved } = shapeExpression(expr, scope);
      out.columns.push({ name, lineage: resolved });
      if (name !== '' && !scope.lateral.has(name)) scope.lateral.set(name, resolved);
    } else unlisted.push(null);
  }
  if (unlisted.length > 0) out.complete = false;
  const [only] = unlisted;
  if (unlisted.length === 1 && typeof only === 'string') out.base = only;
  return out;
}

/** A union column reads every branch's column at its position. */
function setOperation(payload: Json, env: QueryEnv): QueryOutput {
  const left = resolveSetExpr(field(payload, 'left'), env);
  const right = resolveSetExpr(field(payload, 'right'), env);
  const op = variant(field(payload, 'op'))?.[0];
  if (!left.complete || !right.complete || left.columns.length !== right.columns.length) {
    return { columns: left.columns.map((c) => ({ name: c.name, lineage: unknown('a set operation over a branch whose columns are not all known') })), complete: false };
  }
  if (op === 'Except' || op === 'Minus') return left;
  return {
    columns: left.columns.map((c, i) => ({ name: c.name, lineage: combine([c.lineage, right.columns[i]?.lineage ?? unknown('missing branch column')], 'bare') })),
    complete: true,
  };
}

function resolveSetExpr(body: Json, env: QueryEnv): QueryOutput {
  const tagged = variant(body);
  if (tagged?.[0] === 'Select') return resolveSelect(tagged[1], env);
  if (tagged?.[0] === 'Query') return resolveQuery(tagged[1], env);
  if (tagged?.[0] === 'SetOperation') return setOperation(tagged[1], env);
  return INCOMPLETE;
}

/** What a query outputs, each column with its upstream base-relation columns. */
export function resolveQuery(query: Json, outer: QueryEnv): QueryOutput {
  const env: QueryEnv = { ctes: new Map(outer.ctes), columnsOf: outer.columnsOf };
  const withClause = field(query, 'with');
  for (const cte of list(field(withClause, 'cte_tables'))) {
    const name = identName(field(field(cte, 'alias'), 'name'));
    // dbt inlines an ephemeral model as `__dbt__cte__<name>`: kept as a relation, so the path
    // runs through the ephemeral model instead of skipping it.
    if (name === undefined || name.startsWith(EPHEMERAL_CTE_PREFIX)) continue;
    const output = field(withClause, 'recursive') === true ? INCOMPLETE : resolveQuery(field(cte, 'query'), env);
    env.ctes.set(name, renameByAlias(output, field(cte, 'alias')));
  }
  return resolveSetExpr(field(query, 'body'), env);
}
