import fc from 'fast-check';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { expect, test } from 'vitest';
import { applyYamlEdits } from '../../src/yaml/apply-edits.js';
import type { YamlEdit } from '../../src/yaml/types.js';
import { genDoc, genEdits, renderGenDoc } from './random-schema-documents.js';
import { applyEditsToData, yamlMeaning } from './yaml-oracle.js';

/**
 * Original line numbers holding a value an edit replaces (found with yaml's own ranges): `set`
 * targets, and `[]` / empty values that an append turns into a block sequence.
 */
function replacedLines(text: string, edits: readonly YamlEdit[]): Set<number> {
  const doc = parseDocument(text);
  const lines = new Set<number>();
  for (const edit of edits) {
    let node: unknown = doc.contents;
    for (const step of edit.path) {
      if (isMap(node)) node = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === step)?.value;
      else if (isSeq(node)) node = node.items[step as number];
      else node = undefined;
    }
    const range = (node as Node | undefined)?.range;
    if (!range) continue;
    if (edit.op === 'append' && !(isSeq(node) && node.items.length === 0) && !(isScalar(node) && node.value === null)) continue;
    const first = text.slice(0, range[0]).split('\n').length - 1;
    const last = text.slice(0, Math.max(range[0], range[1] - 1)).split('\n').length - 1;
    for (let i = first; i <= last; i++) lines.add(i);
  }
  return lines;
}

function isSubsequence(needles: readonly string[], haystack: readonly string[]): boolean {
  let i = 0;
  for (const line of haystack) if (i < needles.length && line === needles[i]) i++;
  return i === needles.length;
}

test('random edits on random schema files change exactly what they say and keep every other line', () => {
  fc.assert(
    fc.property(genDoc.chain((doc) => fc.tuple(fc.constant(doc), genEdits(doc))), ([doc, edits]) => {
      const input = renderGenDoc(doc);
      const output = applyYamlEdits(input, edits);
      expect(yamlMeaning(output)).toEqual(applyEditsToData(yamlMeaning(input), edits));
      const skip = replacedLines(input, edits);
      // A replaced value's line may keep its key and comment but change; flow mappings are one line.
      // Lines are compared without `\r`: a last line without a break gains one when lines follow it.
      // A `|` / `>` scalar at the end of a file without a final break becomes `|-` / `>-` when lines
      // follow it (the same text for PyYAML); the header is compared without its chomping.
      const line = (l: string): string => l.replace(/\r$/, '').replace(/: ([|>])-?$/, ': $1');
      const kept = input.split('\n').filter((_, i) => !skip.has(i)).map(line);
      const outLines = output.split('\n').map(line);
      const keptOutsideFlow = kept.filter((l) => !/^\s*- \{/.test(l));
      expect(isSubsequence(keptOutsideFlow, outLines)).toBe(true);
      if (doc.crlf) expect(output.replaceAll('\r\n', '')).not.toContain('\n');
      expect(output.endsWith('\n')).toBe(input.endsWith('\n'));
    }),
    { numRuns: 300 },
  );
});
