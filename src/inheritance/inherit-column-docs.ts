import { isRealDescription, type ColumnDoc, type DocState, type NodeDoc } from './doc-state.js';

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
}

/** One column that took a description from upstream. */
export interface InheritedColumn {
  nodeId: string;
  column: string;
  from: string;
  progenitor: string;
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

/**
 * Applies the rules of docs/inheritance.md to one node, reading its ancestors' current state (so what they
 * inherited or had synthesized earlier in this run flows down). Mutates the node's columns and
 * returns what changed. Walks the generations once per node and stops as soon as every column
 * that wants a description has found its nearest one.
 */
export function inheritColumnDocs(nodeId: string, state: DocState, walk: WalkGenerations, opts: InheritOptions): InheritedColumn[] {
  const target: NodeDoc | undefined = state.get(nodeId);
  if (!target) return [];
  const wanting = target.columns.filter((c) => opts.forceInheritDescriptions || !isRealDescription(c.description, opts.placeholders));
  if (wanting.length === 0) return [];
  const pending = new Map(wanting.map((c) => [c, candidateNames(c, target.prefix)] as const));
  const changes: InheritedColumn[] = [];
  for (const generation of walk(nodeId)) {
    for (const [column, names] of pending) {
      const found = findInGeneration(generation, names, state, opts);
      if (!found) continue;
      pending.delete(column);
      if (opts.skipInheritDescriptions) {
        mergeTagsAndMeta(column, found.column, opts);
        continue;
      }
      if (column.description === found.column.description && column.inheritedFrom === found.id) continue;
      if (opts.forceInheritDescriptions && column.description === found.column.description) continue;
      const progenitor = takeFrom(column, found.id, found.column, opts);
      changes.push({ nodeId, column: column.name, from: found.id, progenitor });
    }
    if (pending.size === 0) break;
  }
  return changes;
}
