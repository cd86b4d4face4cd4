import type { ColumnDoc } from '../inheritance/doc-state.js';
import type { YamlPath } from '../yaml/types.js';

/** dbt-osmosis's `--sort-by`: the order of the columns in a YAML entry. */
export type ColumnSortBy = 'database' | 'alphabetical';

/** Reorder the items of the block sequence at `path` so their names follow `names` (lower-cased). */
export interface ColumnSort {
  path: YamlPath;
  names: string[];
}

/** Whether `path` is an item of the sequence at `listPath`. */
export function isItemOf(path: YamlPath | undefined, listPath: YamlPath): path is YamlPath {
  return (
    path !== undefined &&
    path.length === listPath.length + 1 &&
    typeof path[listPath.length] === 'number' &&
    listPath.every((step, i) => path[i] === step)
  );
}

/**
 * For each column the catalog has and the YAML lacks: the index of the YAML item it goes before,
 * so it lands where the catalog order puts it among the existing ones (undefined: at the end).
 * The item chosen is the next column in catalog order that is written in `listPath`.
 */
export function addedColumnPositions(columns: readonly ColumnDoc[], listPath: YamlPath): Map<ColumnDoc, number | undefined> {
  const inCatalog = columns.filter((c) => c.catalogIndex !== undefined).sort((a, b) => (a.catalogIndex ?? 0) - (b.catalogIndex ?? 0));
  const positions = new Map<ColumnDoc, number | undefined>();
  let next: number | undefined;
  // Walk backwards so `next` is always the nearest written column after the current one.
  for (let i = inCatalog.length - 1; i >= 0; i--) {
    const column = inCatalog[i] as ColumnDoc;
    const path = column.yaml?.path;
    if (isItemOf(path, listPath)) next = path[listPath.length] as number;
    else if (!column.yaml) positions.set(column, next);
  }
  for (const column of columns) if (!column.yaml && !positions.has(column)) positions.set(column, undefined);
  return positions;
}

/** The lower-cased column names in the order `sortBy` asks for. */
export function sortedColumnNames(columns: readonly ColumnDoc[], sortBy: ColumnSortBy): string[] {
  if (sortBy === 'alphabetical') return columns.map((c) => c.name.toLowerCase()).sort();
  return columns
    .filter((c) => c.catalogIndex !== undefined)
    .sort((a, b) => (a.catalogIndex ?? 0) - (b.catalogIndex ?? 0))
    .map((c) => c.name.toLowerCase());
}

/** New-entry columns in `sortBy` order; without it, as given (YAML's, then the catalog's order). */
export function sortNewColumns<T extends { name: string }>(columns: T[], names: readonly string[] | undefined): T[] {
  if (!names) return columns;
  const rank = new Map(names.map((n, i) => [n, i]));
  return [...columns].sort((a, b) => (rank.get(a.name.toLowerCase()) ?? names.length) - (rank.get(b.name.toLowerCase()) ?? names.length));
}
