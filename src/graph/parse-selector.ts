import { SelectionError } from './errors.js';

/** One selector item (no spaces, no commas) split into graph operators, method and value. */
export interface SelectorItem {
  /** The item as written. */
  raw: string;
  /** `@x`: x, its descendants and every ancestor of those. */
  childrensParents: boolean;
  /** `+x` / `n+x`. */
  parents: boolean;
  /** `n` of `n+x`; undefined = unbounded. */
  parentsDepth?: number;
  /** `x+` / `x+n`. */
  children: boolean;
  /** `n` of `x+n`; undefined = unbounded. */
  childrenDepth?: number;
  /** `tag` of `tag:x`; undefined for a bare value. */
  method?: string;
  /** `['materialized']` of `config.materialized:view`. */
  methodArgs: string[];
  value: string;
}

/** A selector argument as dbt reads it: items separated by spaces (union), parts by commas (intersection). */
export type SelectorExpression = SelectorItem[][];

// The same shape as dbt's selector_spec.py RAW_SELECTOR_PATTERN.
const ITEM =
  /^(?<at>@)?(?<parents>(?<parentsDepth>\d*)\+)?(?:(?<method>[\w.]+):)?(?<value>.*?)(?<children>\+(?<childrenDepth>\d*))?$/s;

/** Splits one `--select` / `--exclude` argument into a union of intersections. */
export function parseSelectorArgument(argument: string): SelectorExpression {
  return argument
    .split(/\s+/)
    .filter((union) => union !== '')
    .map((union) => union.split(',').map((part) => parseSelectorItem(part, union)));
}

export function parseSelectorItem(raw: string, context = raw): SelectorItem {
  const m = ITEM.exec(raw);
  const g = m?.groups;
  if (g === undefined || (g.value ?? '') === '') {
    throw new SelectionError(
      context,
      `"${raw}" names nothing to select. Write a name, a path or method:value (e.g. tag:nightly), with optional +, n+ or @ graph operators.`,
    );
  }
  if (g.at !== undefined && g.parents !== undefined) {
    throw new SelectionError(context, `"${raw}" combines @ with a + prefix; use one of them.`);
  }
  const [method, ...methodArgs] = g.method === undefined ? [] : g.method.split('.');
  return {
    raw,
    childrensParents: g.at !== undefined,
    parents: g.parents !== undefined,
    parentsDepth: depth(g.parentsDepth),
    children: g.children !== undefined,
    childrenDepth: depth(g.childrenDepth),
    method,
    methodArgs,
    value: g.value ?? '',
  };
}

function depth(text: string | undefined): number | undefined {
  return text === undefined || text === '' ? undefined : Number(text);
}
