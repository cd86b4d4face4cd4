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

/** The oracle: the same edits applied to plain data. */
export function applyEditsToData(data: unknown, edits: readonly YamlEdit[]): unknown {
  const root = unshare(data ?? {}) as Record<string | number, unknown>;
  for (const edit of edits) {
    let node: Record<string | number, unknown> = root;
    for (const step of edit.path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
    const last = edit.path[edit.path.length - 1] as string | number;
    if (edit.op === 'set') node[last] = structuredClone(edit.value);
    else {
      if (node[last] === undefined || node[last] === null) node[last] = [];
      (node[last] as unknown[]).push(structuredClone(edit.value));
    }
  }
  return root;
}
