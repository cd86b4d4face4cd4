import type { NodeDoc } from '../inheritance/doc-state.js';

/**
 * Without catalog.json the only columns osmosis-ts knows are the YAML's, so a model that has no
 * YAML entry yet would get one holding just its name. Say so the first time it would happen, with
 * how to get the catalog; undefined when no new entry is that bare.
 */
export function missingCatalogWarning(docs: Iterable<NodeDoc>, hasCatalog: boolean, skipAddColumns: boolean): string | undefined {
  if (hasCatalog || skipAddColumns) return undefined;
  const bare = [...docs].filter((d) => !d.entry && d.node.resourceType === 'model' && d.columns.length === 0).map((d) => d.node.name);
  if (bare.length === 0) return undefined;
  const named = bare.slice(0, 3).join(', ') + (bare.length > 3 ? `, … (${bare.length} in all)` : '');
  return (
    `no catalog.json: the new YAML entries of ${named} would hold only their names, no columns or data types. ` +
    'Run `dbt docs generate` (it writes target/catalog.json from the warehouse), or pass --catalog-path, then run osmosis-ts again.'
  );
}
