import { YAML_TO_JS_OPTIONS, parseYamlText } from '../../src/yaml/parse-yaml-text.js';
import type { YamlEdit } from '../../src/yaml/types.js';

/** What a YAML text means to osmosis-ts (PyYAML's reading; pyyaml-oracle.ts asks PyYAML itself). */
export function yamlMeaning(text: string): unknown {
  return parseYamlText('<text>', text).toJS(YAML_TO_JS_OPTIONS);
}

/**
 * A deep copy in which every alias is its own value (structuredClone would keep the sharing,
 * and an edit through one alias would show up at all of them).
 */
function unshare(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unshare);
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unshare(v)]));
  }
  return value;
}

/**
 * The oracle: the same edits applied to plain data. Paths address the data as it was, so every
 * edit's parent is found before any edit is applied (an insert shifts the indices after it), and
 * `before` inserts ahead of the item that was at that index.
 */
export function applyEditsToData(data: unknown, edits: readonly YamlEdit[]): unknown {
  const root = unshare(data ?? {}) as Record<string | number, unknown>;
  const targets = edits.map((edit) => {
    let node: Record<string | number, unknown> = root;
    for (const step of edit.path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
    const last = edit.path[edit.path.length - 1] as string | number;
    const list = node[last];
    const anchor = edit.op === 'append' && edit.before !== undefined && Array.isArray(list) ? list[edit.before] : undefined;
    return { node, last, anchor };
  });
  edits.forEach((edit, i) => {
    const { node, last, anchor } = targets[i] as (typeof targets)[number];
    if (edit.op === 'set') node[last] = structuredClone(edit.value);
    else {
      if (node[last] === undefined || node[last] === null) node[last] = [];
      const list = node[last] as unknown[];
      const at = anchor === undefined ? -1 : list.indexOf(anchor);
      if (at < 0) list.push(structuredClone(edit.value));
      else list.splice(at, 0, structuredClone(edit.value));
    }
  });
  return root;
}
