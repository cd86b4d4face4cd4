import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { YamlEditError } from './errors.js';
import { columnAt } from './text-layout.js';
import type { YamlPath } from './types.js';

/** A value's place in its parent: what owns it and where its text may start. */
export interface ValueSlot {
  /** The value node; a null scalar for `key:` with nothing after it. */
  node: Node;
  /** Column of the key or `-` that owns the value (nested block content goes deeper). */
  ownerColumn: number;
  /** Offset just after the `:` or `-` indicator. */
  indicatorEnd: number;
  /** The parent is a flow collection, so the value must stay flow. */
  flowParent: boolean;
}

/** Finds nodes by path in one parsed document, refusing aliases and shared (aliased) anchors. */
export class NodeLocator {
  private referencedAnchors: Set<string> | undefined;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly text: string,
    /** Anchors whose aliases this run writes out, so their own node may be edited. */
    private readonly unshared: ReadonlySet<string> = new Set(),
  ) {}

  /**
   * The collection at `path` (the root for `[]`), to be edited; throws when missing, aliased, a
   * scalar, or a mapping with a duplicate key.
   */
  collectionAt(path: YamlPath): YAMLMap | YAMLSeq {
    const node = path.length === 0 ? this.doc.contents : this.slotAt(path).node;
    if (isMap(node)) this.assertNoDuplicateKeys(node, path);
    if (isMap(node) || isSeq(node)) return node as YAMLMap | YAMLSeq;
    throw new YamlEditError('yaml-edit-missing-path', path, 'it is not a mapping or sequence');
  }

  /**
   * The slot of the value at `path`; throws naming the first missing step. With `aliasAtEnd`,
   * the value itself may be an alias (to write out in its place).
   */
  slotAt(path: YamlPath, aliasAtEnd = false): ValueSlot {
    let slot: ValueSlot | undefined;
    let node: unknown = this.doc.contents;
    this.assertEditable(node, []);
    for (let i = 0; i < path.length; i++) {
      const step = path[i] as string | number;
      const here = path.slice(0, i + 1);
      if (isMap(node) && typeof step === 'string') {
        // The mapping that holds the edited key must have no duplicate; above it, only the key on the path.
        if (i === path.length - 1) this.assertNoDuplicateKeys(node, path.slice(0, i));
        const pair = findPair(node, step);
        if (!pair && hasMergeKey(node)) {
          throw new YamlEditError('yaml-edit-alias', here, `key '${step}' comes from a merge key (<<); an edit would have to copy the merged mapping`);
        }
        if (!pair) throw new YamlEditError('yaml-edit-missing-path', here, `key '${step}' does not exist`);
        if (pairsWithKey(node, step).length > 1) this.assertNoDuplicateKeys(node, path.slice(0, i));
        slot = this.slotOfPair(pair, node.flow === true, here);
      } else if (isSeq(node) && typeof step === 'number') {
        const item = node.items[step] as Node | undefined;
        if (item === undefined) throw new YamlEditError('yaml-edit-missing-path', here, `index ${step} is out of range`);
        slot = this.slotOfItem(node, item, here);
      } else {
        throw new YamlEditError('yaml-edit-missing-path', here, 'the parent is not a collection with that key');
      }
      node = slot.node;
      if (!(aliasAtEnd && i === path.length - 1 && isAlias(node))) this.assertEditable(node, here);
    }
    if (!slot) throw new YamlEditError('yaml-edit-unsupported', path, 'the document root has no slot');
    return slot;
  }

  /**
   * dbt reads the last of two equal keys; an edit next to them would leave a person's duplicate
   * in place and could not tell which one they meant, so the file is left to them.
   */
  private assertNoDuplicateKeys(map: YAMLMap, path: YamlPath): void {
    const seen = new Set<string>();
    for (const pair of map.items) {
      if (!isScalar(pair.key) || typeof pair.key.value === 'symbol') continue;
      const name = String(pair.key.value);
      if (name === '<<') continue;
      if (seen.has(name)) {
        const lines = pairsWithKey(map, name).map((p) => this.lineOf(p.key as Node)).join(' and ');
        throw new YamlEditError('yaml-edit-duplicate-key', path, `key '${name}' is written twice (lines ${lines}); dbt reads the last one, remove the other`);
      }
      seen.add(name);
    }
  }

  private lineOf(node: Node): number {
    return this.text.slice(0, node.range?.[0] ?? 0).split('\n').length;
  }

  private assertEditable(node: unknown, path: YamlPath): void {
    if (isAlias(node)) {
      throw new YamlEditError('yaml-edit-alias', path, `it is an alias (*${node.source}); edit the anchored node instead`);
    }
    const anchor = (node as Node | null)?.anchor;
    if (anchor && !this.unshared.has(anchor) && this.anchorsInUse().has(anchor)) {
      throw new YamlEditError('yaml-edit-alias', path, `it is anchored as &${anchor} and reused by *${anchor} (through a merge key); an edit would change both. Give this node its own keys instead of the shared ones`);
    }
  }

  private anchorsInUse(): Set<string> {
    if (!this.referencedAnchors) {
      const used = new Set<string>();
      if (this.text.includes('*')) {
        visit(this.doc, { Alias: (_key, alias) => void used.add(alias.source) });
      }
      this.referencedAnchors = used;
    }
    return this.referencedAnchors;
  }

  private slotOfPair(pair: Pair, flowParent: boolean, path: YamlPath): ValueSlot {
    const key = pair.key as Node;
    const keyRange = key.range;
    if (!keyRange) throw new YamlEditError('yaml-edit-unsupported', path, 'the key has no position');
    let colon = keyRange[1];
    while (this.text[colon] === ' ' || this.text[colon] === '\t') colon++;
    if (this.text[colon] !== ':') {
      throw new YamlEditError('yaml-edit-unsupported', path, 'explicit `? key` entries are not supported');
    }
    const node = (pair.value as Node | null) ?? emptyScalarAt(colon + 1);
    return { node, ownerColumn: columnAt(this.text, keyRange[0]), indicatorEnd: colon + 1, flowParent };
  }

  private slotOfItem(seq: YAMLSeq, item: Node, path: YamlPath): ValueSlot {
    const start = item.range?.[0];
    if (start === undefined) throw new YamlEditError('yaml-edit-unsupported', path, 'the item has no position');
    if (seq.flow) return { node: item, ownerColumn: columnAt(this.text, start), indicatorEnd: start, flowParent: true };
    const dash = this.text.lastIndexOf('-', start - 1);
    if (dash < 0) throw new YamlEditError('yaml-edit-unsupported', path, 'no `-` before the item');
    return { node: item, ownerColumn: columnAt(this.text, dash), indicatorEnd: dash + 1, flowParent: false };
  }
}

/** The pair dbt reads for `key`: the last one when a key is written twice. */
export function findPair(map: YAMLMap, key: string): Pair | undefined {
  return pairsWithKey(map, key).at(-1);
}

function pairsWithKey(map: YAMLMap, key: string): Pair[] {
  return map.items.filter((p) => isPair(p) && isScalar(p.key) && typeof p.key.value !== 'symbol' && String(p.key.value) === key);
}

/** The mapping takes keys from elsewhere with `<<: *anchor`. */
export function hasMergeKey(map: YAMLMap): boolean {
  return map.items.some((p) => isScalar(p.key) && (typeof p.key.value === 'symbol' || p.key.value === '<<'));
}

/** Stand-in for a pair without a value node, positioned where its value would start. */
function emptyScalarAt(offset: number): Node {
  return { range: [offset, offset, offset] } as unknown as Node;
}

/** True for the null scalar of `key:` / `key: ~` / `key: null`. */
export function isNullNode(node: Node): boolean {
  return !isMap(node) && !isSeq(node) && !isAlias(node) && (!isScalar(node) || node.value === null);
}

/**
 * Offset just after the last character of a node's own text: for a block collection, the end of
 * its last value (so a comment or blank line after it is not counted).
 */
export function contentEnd(node: Node): number {
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
    const last = node.items[node.items.length - 1];
    if (isPair(last)) {
      const keyEnd = (last.key as Node | null)?.range?.[1] ?? 0;
      const value = last.value as Node | null;
      return Math.max(keyEnd + 1, value ? contentEnd(value) : 0);
    }
    if (last) return contentEnd(last as Node);
  }
  return node.range?.[1] ?? 0;
}
