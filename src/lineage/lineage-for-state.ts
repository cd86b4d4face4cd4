import type { Manifest } from '../project/manifest/types.js';
import type { DocState } from '../inheritance/doc-state.js';
import type { LineageLookup } from '../inheritance/follow-lineage.js';
import { buildProjectLineage, expectModels } from './build-lineage.js';
import { createSqlParser, type SqlParser } from './parse-sql.js';
import { columnLineage, type ProjectLineage } from './types.js';

/**
 * Lineage of every model of a loaded project. A `*` over an upstream expands to the columns its
 * doc state lists (YAML and catalog); only a catalog's list counts as complete, since a YAML may
 * document some of a table's columns.
 */
export async function lineageForState(
  manifest: Manifest,
  state: DocState,
  hasCatalog: (id: string) => boolean,
  given: { parser?: SqlParser; parseAhead?: readonly string[] } = {},
): Promise<ProjectLineage> {
  const parser = given.parser ?? (await createSqlParser());
  const { parseAhead } = given;
  return buildProjectLineage({
    nodes: manifest.nodes,
    ...(parseAhead ? { parseAhead } : {}),
    ...(manifest.adapterType ? { adapterType: manifest.adapterType } : {}),
    parser,
    knownColumns: (id) => {
      const doc = state.get(id);
      if (!doc || doc.columns.length === 0) return undefined;
      return { names: doc.columns.map((c) => c.name.toLowerCase()), complete: hasCatalog(id) };
    },
  });
}

/**
 * Starts parsing every model's SQL ahead in `order` (the graph's: the order inheritance asks in),
 * as soon as the manifest is read: a run over the whole project asks about them all, and the
 * worker gets the time the catalog and the YAML take to read.
 */
export function parseAllModelsAhead(parser: SqlParser, manifest: Manifest, order: readonly string[]): void {
  expectModels(parser, manifest.nodes, order, manifest.adapterType);
}

/** The lookup inheritance uses. */
export function lineageLookup(lineage: ProjectLineage): LineageLookup {
  return (nodeId, column) => columnLineage(lineage, nodeId, column);
}

/**
 * Columns of `ids` whose lineage is unknown (name matching applied to them), among the models
 * resolved so far: it resolves nothing itself, so it never parses a model the run did not need.
 */
export function countUnknownColumns(lineage: ProjectLineage, state: DocState, ids: Iterable<string>): number {
  let unknown = 0;
  const resolved = lineage.resolved();
  for (const id of ids) {
    const model = resolved.get(id);
    if (model?.status !== 'parsed') continue;
    for (const c of state.get(id)?.columns ?? []) if (model.columns.get(c.name.toLowerCase())?.kind !== 'known') unknown++;
  }
  return unknown;
}
