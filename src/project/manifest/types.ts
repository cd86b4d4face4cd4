/**
 * The normalized view of dbt artifacts that the rest of osmosis-ts works on. Readers of every
 * manifest version (v4 to v12, Fusion's v20) produce these shapes; nothing downstream looks at raw
 * manifest JSON.
 */

/** The resource types that take part in the documentation graph. */
export type GraphResourceType = 'model' | 'seed' | 'snapshot' | 'source';

/** A column as the manifest (rendered text) or catalog knows it. */
export interface ManifestColumn {
  name: string;
  /** Rendered description from the manifest (a `{{ doc() }}` is already expanded here). */
  description: string;
  dataType?: string;
  meta: Record<string, unknown>;
  tags: string[];
}

/** A node of the documentation graph, normalized across manifest versions. */
export interface DbtNode {
  uniqueId: string;
  resourceType: GraphResourceType;
  name: string;
  packageName: string;
  /** Model version (`versions:` blocks), when the model is versioned. */
  version?: string;
  /** For versioned models: the version the YAML declares as `latest_version`. */
  latestVersion?: string;
  /** For sources: the `sources:` entry name; the node name is the table name. */
  sourceName?: string;
  /** Path of the defining file, relative to its package root (SQL/CSV file, or YAML for sources). */
  originalFilePath: string;
  /** `package://path/to/schema.yml` where the node's YAML entry lives, when it has one. */
  patchPath?: string;
  /** Graph parents (only ids that are nodes of the graph, filled in by the graph builder). */
  dependsOn: string[];
  /** Rendered node description from the manifest. */
  description: string;
  /** Columns the manifest knows, in manifest order. */
  columns: ManifestColumn[];
  rawCode?: string;
  compiledCode?: string;
  relationName?: string;
  database?: string;
  schema?: string;
  alias?: string;
  materialized?: string;
  fqn: string[];
  tags: string[];
  /** Resolved `config.meta` merged over the node's `meta`. */
  meta: Record<string, unknown>;
  /** `osmosis_prefix` / `dbt_osmosis_prefix` / meta `dbt-osmosis-prefix`, when set. */
  columnPrefix?: string;
  /** The resolved `dbt-osmosis` config (YAML routing template), when the manifest has it. */
  osmosisRoute?: string;
}

/** What the reader keeps of `manifest.json`. */
export interface Manifest {
  /** Schema version number from `metadata.dbt_schema_version` (4..12, or 20 for Fusion). */
  schemaVersion: number;
  dbtVersion?: string;
  /** Absent before manifest v10. */
  projectName?: string;
  adapterType?: string;
  /** Enabled graph nodes by unique id (disabled nodes are absent). */
  nodes: Map<string, DbtNode>;
  /** Doc blocks, `doc.<package>.<name>` → rendered text, for prompts only. */
  docs: Map<string, string>;
  /** The file it was read from. */
  path: string;
}

/** A catalog column, in catalog order. */
export interface CatalogColumn {
  name: string;
  type: string;
  index: number;
  comment?: string;
}

/** What the reader keeps of `catalog.json`. */
export interface Catalog {
  /** unique id → columns sorted by index. Sources and nodes alike. */
  nodes: Map<string, CatalogColumn[]>;
  path: string;
}
