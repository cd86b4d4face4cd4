import { isObject, objectNameParts, identName, field, list, variant, type Json } from './sql-ast.js';
import { resolveQualified, resolveUnqualified, type SelectScope } from './resolve-column-ref.js';
import { applyStep, combine, unknown, type Resolved } from './scope.js';

/*
 * Words that functions such as datediff(day, a, b) or date_trunc(month, x) take as bare
 * identifiers on Snowflake and Redshift. One that resolves to no column is a keyword, not an
 * input; one that does resolve (a real `day` column) is still read as a column.
 */
const DATE_PARTS = new Set(['year', 'quarter', 'month', 'week', 'day', 'dayofweek', 'dayofyear', 'hour', 'minute', 'second', 'millisecond', 'microsecond', 'nanosecond', 'epoch', 'dow', 'doy', 'yy', 'mm', 'dd', 'hh', 'mi', 'ss', 'ms', 'us', 'ns', 'isoweek', 'weekday', 'yearofweek', 'date', 'time']);

/** One-argument functions the spec counts as a cast of a bare column. */
const CAST_LIKE_FUNCTIONS = new Set(['upper', 'lower', 'trim']);

/** Keys whose identifiers are not column reads. */
const NOT_COLUMNS = new Set(['data_type', 'window_name', 'alias', 'span', 'format', 'charset', 'collation']);

/** Expression nodes that open a new scope: their columns are not this SELECT's. */
const NEW_SCOPE = new Set(['Subquery', 'Exists', 'InSubquery', 'Lambda', 'Struct', 'Array']);

/** A resolved expression and whether it is a bare column, a cast of one, or anything else. */
interface Shaped {
  resolved: Resolved;
  shape: 'column' | 'cast' | 'other';
}

function singleArg(fn: Json): Json | undefined {
  const args = variant(field(fn, 'args'));
  if (!args || args[0] !== 'List') return undefined;
  const items = list(field(args[1], 'args'));
  if (items.length !== 1 || list(field(args[1], 'clauses')).length > 0) return undefined;
  const arg = variant(items[0]);
  if (!arg || arg[0] !== 'Unnamed') return undefined;
  const expr = variant(arg[1]);
  return expr && expr[0] === 'Expr' ? expr[1] : undefined;
}

function castOf(inner: Json, scope: SelectScope): Shaped | undefined {
  const shaped = shapeExpression(inner, scope);
  if (shaped.shape === 'other') return undefined;
  return { resolved: applyStep(shaped.resolved, 'cast'), shape: 'cast' };
}

/** Every column an expression reads, or unknown when one cannot be resolved. */
function readColumns(expr: Json, scope: SelectScope): Resolved {
  const parts: Resolved[] = [];
  let blocked: string | undefined;
  const visit = (v: Json): void => {
    if (blocked !== undefined) return;
    if (Array.isArray(v)) return v.forEach(visit);
    if (!isObject(v)) return;
    const tagged = variant(v);
    if (tagged) {
      const [tag, payload] = tagged;
      if (NEW_SCOPE.has(tag)) {
        blocked = `reads a ${tag.toLowerCase()}, whose columns are resolved in their own scope`;
        return;
      }
      if (tag === 'Identifier' && isObject(payload) && typeof payload.value === 'string') {
        const name = payload.value.toLowerCase();
        const listed = scope.relations.some((r) => r.columns?.some((c) => c.name === name)) || scope.using.has(name);
        if (DATE_PARTS.has(name) && !listed) return;
        const resolved = resolveUnqualified(name, scope);
        parts.push(resolved);
        return;
      }
      if (tag === 'CompoundIdentifier') {
        const names = list(payload).map(identName);
        if (names.some((n) => n === undefined)) blocked = 'an identifier the parser did not name';
        else parts.push(resolveQualified(names as string[], scope));
        return;
      }
      if (tag === 'Function') {
        const { name: _name, ...rest } = payload as Record<string, unknown>;
        return visit(rest);
      }
    }
    for (const [key, child] of Object.entries(v)) if (!NOT_COLUMNS.has(key)) visit(child);
  };
  visit(expr);
  if (blocked !== undefined) return unknown(blocked);
  return combine(parts, 'expression');
}

/** Resolves an expression of a select list, keeping track of whether it is a bare or cast column. */
export function shapeExpression(expr: Json, scope: SelectScope): Shaped {
  const tagged = variant(expr);
  if (tagged) {
    const [tag, payload] = tagged;
    if (tag === 'Identifier') {
      const name = identName(payload);
      if (name !== undefined) return { resolved: resolveUnqualified(name, scope), shape: 'column' };
    }
    if (tag === 'CompoundIdentifier') {
      const names = list(payload).map(identName);
      if (names.every((n) => n !== undefined)) return { resolved: resolveQualified(names as string[], scope), shape: 'column' };
    }
    if (tag === 'Nested') return shapeExpression(payload, scope);
    if (tag === 'Cast') {
      const cast = castOf(field(payload, 'expr'), scope);
      if (cast) return cast;
    }
    if (tag === 'Trim' && field(payload, 'trim_what') == null && field(payload, 'trim_characters') == null) {
      const cast = castOf(field(payload, 'expr'), scope);
      if (cast) return cast;
    }
    if (tag === 'Function' && field(payload, 'over') == null && field(payload, 'filter') == null) {
      const name = objectNameParts(field(payload, 'name'));
      const arg = singleArg(payload);
      if (name && name.length === 1 && CAST_LIKE_FUNCTIONS.has(name[0] as string) && arg !== undefined) {
        const cast = castOf(arg, scope);
        if (cast) return cast;
      }
    }
  }
  return { resolved: readColumns(expr, scope), shape: 'other' };
}
