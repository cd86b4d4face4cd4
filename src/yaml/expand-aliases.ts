import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Document, type Node } from 'yaml';
import { findPair, hasMergeKey } from './locate-yaml-node.js';
import { YAML_TO_JS_OPTIONS } from './parse-yaml-text.js';
import type { YamlEdit, YamlPath } from './types.js';

/**
 * A place where edits reach text that other nodes share. A careful person would write out a
 * private copy there, so the others keep their meaning: an alias (`*x`) becomes the value it
 * stands for, a key a mapping takes from `<<: *x` becomes an own key, with the edits applied.
 */
export interface Expansion {
  kind: 'alias' | 'merged';
  /** The alias value, or the merged key (which does not exist yet in its mapping). */
  path: YamlPath;
  /** The value to write there: the shared value with the edits under `path` applied. */
  value: unknown;
}

export interface AliasPlan {
  /** Edits that address own text, applied by splicing as usual. */
  direct: YamlEdit[];
  expansions: Expansion[];
  /**
   * Anchors whose own text is edited: every alias of them is written out with its current value
   * first (an `alias` expansion with no edit), so the edit changes only the anchored node.
   */
  unshared: Set<string>;
}

/** Sorts the edits into direct ones and the expansions that let the rest be made safely. */
export function planAliasExpansions(doc: Document.Parsed, edits: readonly YamlEdit[]): AliasPlan {
  const direct: YamlEdit[] = [];
  const groups = new Map<string, { kind: Expansion['kind']; path: YamlPath; edits: YamlEdit[] }>();
  const touchedAnchors = new Set<string>();
  for (const edit of edits) {
    const shared = sharedPrefix(doc, edit.path, touchedAnchors);
    if (!shared) {
      direct.push(edit);
      continue;
    }
    const key = JSON.stringify(shared.path);
    const group = groups.get(key) ?? { ...shared, edits: [] };
    group.edits.push(edit);
    groups.set(key, group);
  }
  const { used, merged } = aliasesByAnchor(doc);
  // An anchor a `<<:` merges in cannot be written out in place: the locator refuses its edits.
  const unshared = new Set([...touchedAnchors].filter((a) => (used.get(a)?.length ?? 0) > 0 && !merged.has(a)));
  const expansions: Expansion[] = [...groups.values()].map((g) => ({
    kind: g.kind,
    path: g.path,
    value: applyToValue(sharedValue(doc, g.kind, g.path), g.edits.map((e) => ({ ...e, path: e.path.slice(g.path.length) }))),
  }));
  for (const anchor of unshared) {
    for (const { alias, path } of used.get(anchor) ?? []) {
      if (groups.has(JSON.stringify(path))) continue;
      expansions.push({ kind: 'alias', path, value: alias.resolve(doc)?.toJS(doc, YAML_TO_JS_OPTIONS) });
    }
  }
  return { direct, expansions, unshared };
}

/**
 * The first point on `path` where the edit would reach shared text: an alias, or a key that only
 * a merge gives. Anchors passed on the way are collected: their aliases need writing out.
 */
function sharedPrefix(doc: Document, path: YamlPath, anchors: Set<string>): { kind: Expansion['kind']; path: YamlPath } | undefined {
  let node: unknown = doc.contents;
  for (let i = 0; i <= path.length; i++) {
    if (isAlias(node)) return { kind: 'alias', path: path.slice(0, i) };
    const anchor = (node as Node | null)?.anchor;
    if (anchor) anchors.add(anchor);
    if (i === path.length) return undefined;
    const step = path[i];
    if (isMap(node) && typeof step === 'string') {
      const pair = findPair(node, step);
      if (!pair) return hasMergeKey(node) && mergedHas(doc, node, step) ? { kind: 'merged', path: path.slice(0, i + 1) } : undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step];
    } else {
      return undefined;
    }
  }
  return undefined;
}

function mergedHas(doc: Document, map: Node, key: string): boolean {
  const value: unknown = map.toJS(doc, YAML_TO_JS_OPTIONS);
  return typeof value === 'object' && value !== null && key in value;
}

function sharedValue(doc: Document, kind: Expansion['kind'], path: YamlPath): unknown {
  let node: unknown = doc.contents;
  const steps = kind === 'merged' ? path.slice(0, -1) : path;
  for (const step of steps) {
    if (isMap(node)) node = findPair(node, String(step))?.value;
    else if (isSeq(node)) node = node.items[step as number];
  }
  if (isAlias(node)) return node.resolve(doc)?.toJS(doc, YAML_TO_JS_OPTIONS);
  const value: unknown = (node as Node).toJS(doc, YAML_TO_JS_OPTIONS);
  return kind === 'merged' ? (value as Record<string, unknown>)[String(path[path.length - 1])] : value;
}

/** The edits (paths relative to `value`) applied to plain data, as the document edits would. */
function applyToValue(value: unknown, edits: readonly YamlEdit[]): unknown {
  const holder: Record<string, unknown> = { root: structuredClone(value) };
  for (const edit of edits) {
    const path = ['root', ...edit.path];
    let node = holder as Record<string | number, unknown>;
    for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
    const last = path[path.length - 1] as string | number;
    if (edit.op === 'set') node[last] = structuredClone(edit.value);
    else {
      const list = node[last];
      node[last] = [...(Array.isArray(list) ? list : []), structuredClone(edit.value)];
    }
  }
  return holder['root'];
}

/** Every alias of the document with its path, by the anchor it refers to; and the anchors merge keys use. */
function aliasesByAnchor(doc: Document): { used: Map<string, { alias: Alias; path: YamlPath }[]>; merged: Set<string> } {
  const found = new Map<string, { alias: Alias; path: YamlPath }[]>();
  const merged = new Set<string>();
  const walk = (node: unknown, path: YamlPath): void => {
    if (isAlias(node)) {
      found.set(node.source, [...(found.get(node.source) ?? []), { alias: node, path }]);
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        if (typeof pair.key.value === 'symbol' || pair.key.value === '<<') {
          const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
          for (const source of sources) if (isAlias(source)) merged.add(source.source);
        } else {
          walk(pair.value, [...path, String(pair.key.value)]);
        }
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    }
  };
  walk(doc.contents, []);
  return { used: found, merged };
}
