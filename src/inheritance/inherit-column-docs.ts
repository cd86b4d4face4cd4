import { isRealDescription, type ColumnDoc, type DocState, type NodeDoc } from './doc-state.js';
import { followLineage, type LineageLookup } from './follow-lineage.js';

export interface InheritOptions {
  forceInheritDescriptions: boolean;
  placeholders: ReadonlySet<string>;
  /** dbt-osmosis `--skip-inherit-descriptions`: upstream tags and meta still come down, the text does not. */
  skipInheritDescriptions?: boolean;
  /** dbt-osmosis `--skip-add-tags`: the description comes down without the upstream tags. */
  skipAddTags?: boolean;
  /** dbt-osmosis `--skip-merge-meta`: the description comes down without the upstream meta. */
  skipMergeMeta?: boolean;
  /** Upstream meta keys that never come down (`--skip-inheritance-for-meta-keys`). */
  skipMetaKeys?: ReadonlySet<string>;
  /** Column lineage (docs/lineage.md); absent = name matching only (`--lineage off`). */
  lineage?: LineageLookup;
}

/** One column that took a description from upstream. */
export interface InheritedColumn {
  nodeId: string;
  column: string;
  from: string;
  progenitor: string;
  /** Found along column lineage rather than by name. */
  byLineage: boolean;
  /** The upstream column's name (differs from `column` through a rename). */
  fromColumn: string;
  /** A hop of the lineage path renamed the column. */
  renamed: boolean;
}

/** Ancestors one generation at a time, nearest first, each generation sorted by unique id. */
export type WalkGenerations = (id: string) => Iterable<readonly string[]>;

/** The names an upstream column may carry to match `column` of a node with `prefix`. */
function candidateNames(column: ColumnDoc, prefix: string | undefined): string[] {
  const lower = column.name.toLowerCase();
  if (prefix && lower.startsWith(prefix) && lower.length > prefix.length) return [lower.slice(prefix.length), lower];
  return [lower];
}

function findInGeneration(generation: readonly string[], names: string[], state: DocState, opts: InheritOptions): { id: string; column: ColumnDoc } | undefined {
  for (const id of generation) {
    const ancestor = state.get(id);
    if (!ancestor) continue;
    for (const name of names) {
      const column = ancestor.byName.get(name);
      if (column && isRealDescription(column.description, opts.placeholders)) return { id, column };
    }
  }
  return undefined;
}

function unionTags(own: string[], upstream: string[]): string[] {
  const out = [...own];
  for (const t of upstream) if (!out.includes(t)) out.push(t);
  return out;
}

function inheritableMeta(meta: Record<string, unknown>, opts: InheritOptions): Record<string, unknown> {
  if (opts.skipMergeMeta) return {};
  const skipped = opts.skipMetaKeys;
  if (skipped === undefined || skipped.size === 0) return meta;
  return Object.fromEntries(Object.entries(meta).filter(([key]) => !skipped.has(key)));
}

function mergeTagsAndMeta(target: ColumnDoc, winner: ColumnDoc, opts: InheritOptions): void {
  if (!opts.skipAddTags) target.tags = unionTags(target.tags, winner.tags);
  // Local wins: the winner's meta overlaid by the column's own (dbt-osmosis lets upstream win).
  target.meta = { ...inheritableMeta(winner.meta, opts), ...target.meta };
}

function takeFrom(target: ColumnDoc, winnerId: string, winner: ColumnDoc, opts: InheritOptions): string {
  const progenitor = winner.progenitor ?? winnerId;
  target.description = winner.description;
  mergeTagsAndMeta(target, winner, opts);
  target.origin = 'inherited';
  target.inheritedFrom = winnerId;
  target.progenitor = progenitor;
  return progenitor;
}

/** Whether `column` already holds what `found` would give it (nothing to change). */
function alreadyHas(column: ColumnDoc, foundId: string, found: ColumnDoc, opts: InheritOptions): boolean {
  if (column.description === found.description && column.inheritedFrom === foundId) return true;
  return opts.forceInheritDescriptions && column.description === found.description;
}

/**
 * Lineage first (docs/lineage.md): a column with known lineage inherits only along it, and an
 * `expression` inherits nothing but records its inputs for the prompt. Returns the columns whose
 * lineage is unknown (or that have none): those go on to name matching.
 */
function inheritByLineage(nodeId: string, wanting: ColumnDoc[], state: DocState, opts: InheritOptions, changes: InheritedColumn[]): ColumnDoc[] {
  const lookup = opts.lineage;
  if (!lookup) return wanting;
  const rest: ColumnDoc[] = [];
  for (const column of wanting) {
    const lineage = lookup(nodeId, column.name);
    if (lineage?.kind !== 'known') {
      rest.push(column);
      continue;
    }
    if (lineage.sources.every((s) => s.transform === 'expression')) {
      column.derivedFrom = lineage.sources.map((s) => ({ node: s.node, column: s.column }));
      continue;
    }
    const found = followLineage(lineage.sources, state, lookup, opts.placeholders);
    if (found && opts.skipInheritDescriptions) {
      mergeTagsAndMeta(column, found.column, opts);
      continue;
    }
    if (!found || alreadyHas(column, found.id, found.column, opts)) continue;
    const progenitor = takeFrom(column, found.id, found.column, opts);
    changes.push({ nodeId, column: column.name, from: found.id, progenitor, byLineage: true, fromColumn: found.column.name, renamed: found.renamed });
  }
  return rest;
}

/**
 * Applies the rules of docs/inheritance.md to one node, reading its ancestors' current state (so what they
 * inherited or had synthesized earlier in this run flows down). Mutates the node's columns and
 * returns what changed. Walks the generations once per node and stops as soon as every column
 * that wants a description has found its nearest one.
 */
export function inheritColumnDocs(nodeId: string, state: DocState, walk: WalkGenerations, opts: InheritOptions): InheritedColumn[] {
  const target: NodeDoc | undefined = state.get(nodeId);
  if (!target) return [];
  const changes: InheritedColumn[] = [];
  const wanting = inheritByLineage(nodeId, target.columns.filter((c) => opts.forceInheritDescriptions || !isRealDescription(c.description, opts.placeholders)), state, opts, changes);
  if (wanting.length === 0) return changes;
  const pending = new Map(wanting.map((c) => [c, candidateNames(c, target.prefix)] as const));
  for (const generation of walk(nodeId)) {
    for (const [column, names] of pending) {
      const found = findInGeneration(generation, names, state, opts);
      if (!found) continue;
      pending.delete(column);
      if (opts.skipInheritDescriptions) {
        mergeTagsAndMeta(column, found.column, opts);
        continue;
      }
      if (alreadyHas(column, found.id, found.column, opts)) continue;
      const progenitor = takeFrom(column, found.id, found.column, opts);
      changes.push({ nodeId, column: column.name, from: found.id, progenitor, byLineage: false, fromColumn: found.column.name, renamed: false });
    }
    if (pending.size === 0) break;
  }
  return changes;
}
