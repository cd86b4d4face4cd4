import { isMap, type Node, type Pair } from 'yaml';
import { contentEnd, findPair } from '../yaml/locate-yaml-node.js';
import { parseYamlText } from '../yaml/parse-yaml-text.js';
import { nextLineStart } from '../yaml/text-layout.js';
import type { YamlPath } from '../yaml/types.js';
import { ReviewError } from './review-error.js';

/**
 * Removes `key: value` pairs (each path ends in the key) from block mappings, splicing out their
 * whole lines and nothing else: what rollback needs to undo a key that apply added. A key that
 * does not start its line (flow mappings, the first key of a `- ` item) is refused rather than
 * rewritten, so a person's layout is never reflowed.
 */
export function removeYamlKeys(file: string, text: string, paths: readonly YamlPath[]): string {
  if (paths.length === 0) return text;
  const doc = parseYamlText(file, text);
  const cuts: { start: number; end: number }[] = [];
  for (const path of paths) {
    const key = path[path.length - 1];
    const parent = doc.getIn(path.slice(0, -1), true);
    const pair = isMap(parent) && typeof key === 'string' ? (findPair(parent, key) as Pair<Node, Node | null> | undefined) : undefined;
    const keyStart = (pair?.key as Node | undefined)?.range?.[0];
    if (!pair) throw new ReviewError('review-rollback-missing', `${file}: '${path.join('.')}' is no longer in the file; nothing to remove.`, { file });
    if (keyStart === undefined || !isMap(parent) || parent.flow) {
      throw new ReviewError('review-rollback-layout', `${file}: cannot remove '${path.join('.')}' without reflowing its mapping; remove it by hand.`, { file });
    }
    const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
    if (text.slice(lineStart, keyStart).trim() !== '') {
      throw new ReviewError('review-rollback-layout', `${file}: '${path.join('.')}' shares its line with other YAML; remove it by hand.`, { file });
    }
    const valueEnd = pair.value ? contentEnd(pair.value) : (pair.key as Node).range?.[2] ?? keyStart;
    cuts.push({ start: lineStart, end: nextLineStart(text, Math.max(valueEnd, keyStart + 1)) });
  }
  cuts.sort((a, b) => b.start - a.start);
  let out = text;
  for (const cut of cuts) out = out.slice(0, cut.start) + out.slice(cut.end);
  return out;
}
