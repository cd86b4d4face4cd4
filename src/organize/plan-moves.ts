import type { DbtNode } from '../project/manifest/types.js';
import type { SchemaFile, YamlEntry } from '../yaml/types.js';

/** One YAML entry that its routing rule places in another file. */
export interface EntryMove {
  /** Node ids the entry documents (several for a versioned model). */
  nodes: string[];
  name: string;
  section: YamlEntry['section'];
  /** Index of the entry in its section of `from`. */
  index: number;
  from: string;
  to: string;
}

/** An entry left where it is, and why. */
export interface EntrySkip {
  nodes: string[];
  file: string;
  reason: string;
}

export interface MoveInput {
  nodes: Iterable<DbtNode>;
  /** Node id → where its YAML entry is. */
  entries: ReadonlyMap<string, { file: string; entry: YamlEntry }>;
  /** The routed schema file of a node, or undefined when no routing rule applies to it. */
  route(node: DbtNode): string | undefined;
}

/**
 * Which model entries move, and where: an entry moves when the routing rule of its node (every
 * version of a versioned model alike) names another file. Nodes without a rule stay put.
 */
export function planMoves(input: MoveInput): { moves: EntryMove[]; skipped: EntrySkip[] } {
  const groups = new Map<string, { nodes: DbtNode[]; file: string; entry: YamlEntry }>();
  for (const node of input.nodes) {
    if (node.resourceType !== 'model') continue;
    const located = input.entries.get(node.uniqueId);
    if (!located) continue;
    // Versions share one top-level entry: [section, index, 'versions', k] → [section, index].
    const key = `${located.file}\u0000${located.entry.path.slice(0, 2).join('\u0000')}`;
    const group = groups.get(key) ?? { nodes: [], file: located.file, entry: located.entry };
    group.nodes.push(node);
    groups.set(key, group);
  }
  const moves: EntryMove[] = [];
  const skipped: EntrySkip[] = [];
  for (const { nodes, file, entry } of groups.values()) {
    const ids = nodes.map((n) => n.uniqueId).sort();
    const targets = new Set(nodes.map((n) => input.route(n)));
    if (targets.has(undefined)) continue;
    if (targets.size > 1) {
      skipped.push({ nodes: ids, file, reason: `its versions route to different files (${[...targets].sort().join(', ')}); one entry cannot be split` });
      continue;
    }
    const [to] = [...targets];
    const index = entry.path[1];
    if (to === undefined || to === file || typeof index !== 'number') continue;
    moves.push({ nodes: ids, name: entry.name, section: entry.section, index, from: file, to });
  }
  moves.sort((a, b) => a.from.localeCompare(b.from) || a.index - b.index);
  return { moves, skipped };
}

/** The schema files the moves read, by path. */
type SchemaFiles = ReadonlyMap<string, SchemaFile>;
