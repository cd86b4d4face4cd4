import { isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';
import { YamlInputError, formatYamlPath } from './errors.js';
import type { YamlPath } from './types.js';

/** The one set of parse options, so the reader, the editor and the tests see the same document. */
export const YAML_PARSE_OPTIONS = { merge: true, uniqueKeys: true, prettyErrors: true } as const;

/** Generous: projects share one anchored column across many models, but runaway expansion still stops. */
export const YAML_TO_JS_OPTIONS = { maxAliasCount: 100_000 } as const;

/**
 * Parses one YAML document, keeping node ranges. Syntax errors and duplicate keys become a
 * `YamlInputError` naming the file, line and column (and, for duplicates, the key path).
 */
export function parseYamlText(file: string, text: string): Document.Parsed {
  const doc = parseDocument(text, YAML_PARSE_OPTIONS);
  const error = doc.errors[0];
  if (!error) return doc;
  const linePos = error.linePos?.[0];
  const position = linePos ? { line: linePos.line, column: linePos.col } : undefined;
  if (error.code === 'DUPLICATE_KEY') {
    const key = duplicateKeyAt(doc, error.pos[0]) ?? text.slice(error.pos[0], error.pos[1]);
    const where = formatYamlPath(locateYamlPath(doc, error.pos[0]));
    throw new YamlInputError('yaml-duplicate-key', file, `duplicate key '${key}' in ${where}`, position);
  }
  // yaml's own message ends with a code excerpt; the first line is what a person needs.
  const problem = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.code;
  throw new YamlInputError('yaml-syntax', file, `invalid YAML: ${problem}`, position);
}

function duplicateKeyAt(doc: Document, offset: number): string | undefined {
  let key: string | undefined;
  visit(doc, {
    Pair: (_i, pair) => {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        key = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return key;
}

/** The path of the innermost collection holding `offset`, for error messages. */
export function locateYamlPath(doc: Document, offset: number): YamlPath {
  const path: (string | number)[] = [];
  let node: unknown = doc.contents;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && contains(p.value as Node | null, offset));
      if (!pair) return path;
      path.push(isScalar(pair.key) ? String(pair.key.value) : '?');
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item as Node | null, offset));
      if (index < 0) return path;
      path.push(index);
      node = node.items[index];
    } else {
      return path;
    }
  }
}

function contains(node: Node | null, offset: number): boolean {
  const range = node?.range;
  return range !== undefined && range !== null && range[0] <= offset && offset < range[2];
}
