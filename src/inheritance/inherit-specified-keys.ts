import type { ColumnDoc, DocState } from './doc-state.js';
import type { WalkGenerations } from './inherit-column-docs.js';

/** The value a column holds for `key`: its own (as written in the YAML), else one it inherited. */
function valueOf(column: ColumnDoc, key: string): unknown {
  const own = column.yaml?.values?.[key];
  return own !== undefined && own !== null ? own : column.inheritedKeys?.[key];
}

function nearestValue(walk: Iterable<readonly string[]>, state: DocState, name: string, key: string): unknown {
  for (const generation of walk) {
    for (const id of generation) {
      const column = state.get(id)?.byName.get(name);
      const value = column === undefined ? undefined : valueOf(column, key);
      if (value !== undefined && value !== null) return value;
    }
  }
  return undefined;
}

/**
 * dbt-osmosis's `--add-inheritance-for-specified-keys`: each named column key (e.g. `policy_tags`)
 * that a column lacks is taken from the nearest upstream column that has it, whether or not the
 * description was inherited. A value the column has is never replaced. Walks `order` (parents
 * first) so a key flows down several generations; returns how many (column, key) pairs it filled.
 */
export function inheritSpecifiedKeys(order: readonly string[], state: DocState, walk: WalkGenerations, keys: readonly string[]): number {
  if (keys.length === 0) return 0;
  let filled = 0;
  for (const id of order) {
    const doc = state.get(id);
    if (!doc) continue;
    for (const column of doc.columns) {
      for (const key of keys) {
        if (valueOf(column, key) !== undefined) continue;
        const value = nearestValue(walk(id), state, column.name.toLowerCase(), key);
        if (value === undefined) continue;
        column.inheritedKeys = { ...column.inheritedKeys, [key]: value };
        filled++;
      }
    }
  }
  return filled;
}
