import type { Document } from 'yaml';
import type { YamlDiagnostic } from './yaml-diagnostic.js';

/**
 * Shapes shared by the schema-YAML reader, the pure edit engine and the planners that produce
 * edits. Edits address YAML nodes by path, so the engine knows nothing about dbt.
 */

/** Keys and sequence indices from the document root, e.g. `['models', 3, 'columns', 0]`. */
export type YamlPath = readonly (string | number)[];

/**
 * One change to a YAML document. Paths are resolved against the document as it was read: an
 * edit never addresses a node that another edit creates (build the whole new node instead).
 */
export type YamlEdit =
  /**
   * Set `key` (the last path element) of the mapping at `path.slice(0, -1)` to `value`. Replaces
   * the value when the key exists (keeping the key, its comments and, for strings, the scalar
   * style when it can hold the new text), otherwise adds the key at the end of the mapping.
   */
  | {
      op: 'set';
      path: YamlPath;
      value: unknown;
      /**
       * Where a new key goes: right after this key of the mapping when the mapping has it (dbt's
       * own order puts `description` after `name`), else at the end.
       */
      after?: string;
      /**
       * For a key that is added to a block mapping: put it before the first of these keys the
       * mapping has (so a later edit lands where the same edit made earlier would have), rather
       * than at the end.
       */
      before?: readonly string[];
    }
  /**
   * Append `value` to the sequence at `path`. When the last path element is a key missing from
   * its mapping, the key is created holding a one-item sequence.
   */
  | {
      op: 'append';
      path: YamlPath;
      value: unknown;
      /**
       * Insert before the item at this index of an existing block sequence (and before the
       * comment lines just above it) instead of at the end; several inserts before one item keep
       * their edit order.
       */
      before?: number;
    };

/** Which top-level section of a schema file an entry lives in. */
export type EntrySection = 'models' | 'seeds' | 'snapshots' | 'sources';

/** A column entry as written in a schema file. */
export interface YamlColumn {
  name: string;
  /** The description exactly as written (a `{{ doc('x') }}` stays a reference); absent key = undefined. */
  description?: string;
  dataType?: string;
  /** Column tags: `tags` then `config.tags`, deduplicated, in file order. */
  tags: string[];
  /** Column meta: `meta` overlaid by `config.meta`. */
  meta: Record<string, unknown>;
  /** Path of the column's mapping node. */
  path: YamlPath;
  /** Where tags are kept: `config.tags` when the file keeps them there, else `tags`. */
  tagsKey: 'tags' | 'config.tags';
  /** Where meta is kept: `config.meta` when the file keeps it there, else `meta`. */
  metaKey: 'meta' | 'config.meta';
  /** The key at `tagsKey` exists in this column (possibly empty). */
  hasTagsKey: boolean;
  /** The key at `metaKey` exists in this column (possibly empty). */
  hasMetaKey: boolean;
  /** The column has a `config` mapping. */
  hasConfig: boolean;
  /** The column's mapping as parsed, for keys read on request (`--add-inheritance-for-specified-keys`). */
  values?: Readonly<Record<string, unknown>>;
}

/** One model / seed / snapshot / source-table entry of a schema file. */
export interface YamlEntry {
  section: EntrySection;
  name: string;
  /** For sources: the source's name (`sources[].name`); `name` is the table. */
  sourceName?: string;
  /** For a version of a versioned model: its `v`. */
  version?: string;
  /** The entry's own description as written. */
  description?: string;
  /** Path of the entry's mapping (for a model version: the version's mapping). */
  path: YamlPath;
  /**
   * The effective columns: for a version, the top-level columns it includes (`include`/`exclude`)
   * overridden by its own; each column's `path` says where it is written.
   */
  columns: YamlColumn[];
  /** Path of the `columns` sequence new columns go to (it may not exist yet: `append` creates it). */
  columnsPath: YamlPath;
  /** `config.osmosis_prefix`, `config.dbt_osmosis_prefix` or `meta.dbt-osmosis-prefix`, if set. */
  columnPrefix?: string;
}

/** A parsed schema file: its entries and the source text edits are applied to. */
export interface SchemaFile {
  /**
   * The parse the entries were read from; the editor reuses it instead of parsing the text again
   * (the parse is most of the cost of a large project).
   */
  document?: Document.Parsed;
  /** Path relative to the project directory, with forward slashes. */
  path: string;
  text: string;
  entries: YamlEntry[];
  /** Path of each top-level section sequence that exists (new entries are appended there). */
  sections: Partial<Record<EntrySection, YamlPath>>;
  /** What dbt accepts in this file but a person may want to fix (duplicate keys, ...). */
  diagnostics?: YamlDiagnostic[];
}
