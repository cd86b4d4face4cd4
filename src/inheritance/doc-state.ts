import type { DbtNode } from '../project/manifest/types.js';
import type { YamlColumn, YamlEntry } from '../yaml/types.js';

/** Where a column's current text came from. */
export type DocOrigin = 'own' | 'inherited' | 'synthesized' | 'none';

/** A column of a node as this run knows it; mutated by inheritance and synthesis. */
export interface ColumnDoc {
  /** The YAML's spelling when the YAML has the column, else the catalog's. */
  name: string;
  /** The description as written (a `{{ doc() }}` reference stays a reference). */
  description?: string;
  tags: string[];
  meta: Record<string, unknown>;
  /** Type from the catalog, else the YAML's `data_type`. */
  dataType?: string;
  /** The YAML column; undefined for a catalog column the YAML lacks. */
  yaml?: YamlColumn;
  origin: DocOrigin;
  /** Node where the text was first written by a person or synthesized. */
  progenitor?: string;
  /** Node the text was taken from, when inherited. */
  inheritedFrom?: string;
  /** Position in the catalog's column order, when the catalog lists the column. */
  catalogIndex?: number;
  /** Values of `--add-inheritance-for-specified-keys` keys taken from upstream, by key. */
  inheritedKeys?: Record<string, unknown>;
  /** The upstream columns an `expression` column reads (lineage), for its synthesis prompt. */
  derivedFrom?: Array<{ node: string; column: string }>;
}

/** One node's documentation state. */
export interface NodeDoc {
  node: DbtNode;
  /** In the project of --project-dir (only those are written). */
  writable: boolean;
  /** Its YAML entry, with the schema file path relative to the project dir. */
  entry?: { file: string; entry: YamlEntry };
  description?: string;
  descriptionOrigin: DocOrigin;
  columns: ColumnDoc[];
  /** Lower-cased name → column. */
  byName: Map<string, ColumnDoc>;
  /** Column prefix (`osmosis_prefix` and dbt-osmosis's spellings), lower-cased. */
  prefix?: string;
}

/** The documentation state of every node of the graph. */
export type DocState = Map<string, NodeDoc>;

/** Real = non-empty after trimming and not a placeholder (compared case-insensitively). */
export function isRealDescription(text: string | undefined, placeholders: ReadonlySet<string>): text is string {
  if (text === undefined) return false;
  const trimmed = text.trim();
  // Lower-casing never shortens a string, so a text longer than every placeholder is none of
  // them: most descriptions are, and this runs for every column of every node.
  return trimmed !== '' && (trimmed.length > longestOf(placeholders) || !placeholders.has(trimmed.toLowerCase()));
}

const longest = new WeakMap<ReadonlySet<string>, number>();

function longestOf(placeholders: ReadonlySet<string>): number {
  let length = longest.get(placeholders);
  if (length === undefined) {
    length = 0;
    for (const p of placeholders) length = Math.max(length, p.length);
    longest.set(placeholders, length);
  }
  return length;
}

/** Placeholders as a lookup set. */
export function placeholderSet(placeholders: readonly string[]): ReadonlySet<string> {
  return new Set(placeholders.map((p) => p.trim().toLowerCase()));
}

/**
 * A copy of `state` that inheritance and stand-in texts can change without touching the original:
 * the `--llm-dry-run` estimate sizes children's prompts on it. What nothing mutates (the manifest
 * node, the YAML entry and column) is shared.
 */
export function copyDocState(state: DocState): DocState {
  const copy: DocState = new Map();
  for (const [id, doc] of state) {
    const columns = doc.columns.map((c) => ({
      ...c,
      tags: [...c.tags],
      meta: { ...c.meta },
      ...(c.inheritedKeys === undefined ? {} : { inheritedKeys: { ...c.inheritedKeys } }),
      ...(c.derivedFrom === undefined ? {} : { derivedFrom: [...c.derivedFrom] }),
    }));
    const copied = new Map(doc.columns.map((c, i) => [c, columns[i] as ColumnDoc]));
    const byName = new Map<string, ColumnDoc>();
    for (const [name, column] of doc.byName) byName.set(name, copied.get(column) ?? column);
    copy.set(id, { ...doc, columns, byName });
  }
  return copy;
}
