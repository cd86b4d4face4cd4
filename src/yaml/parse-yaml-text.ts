import { isCollection, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node, type Pair, type Scalar } from 'yaml';
import { YamlInputError, formatYamlPath } from './errors.js';
import { mendQuotedScalars } from './mend-quoted-scalars.js';
import { PYYAML_SCALAR_TAGS } from './pyyaml-schema.js';
import type { YamlPath } from './types.js';
import { lineAndColumn, type YamlDiagnostic } from './yaml-diagnostic.js';

/**
 * The one set of parse options, so the reader, the editor and the tests see the same document:
 * PyYAML's scalar types and merge keys, and duplicate keys allowed (the last one wins, as in dbt;
 * `findDuplicateKeys` reports them).
 */
export const YAML_PARSE_OPTIONS = {
  schema: 'failsafe',
  customTags: PYYAML_SCALAR_TAGS,
  merge: true,
  uniqueKeys: false,
  prettyErrors: true,
} as const;

/** Generous: projects share one anchored column across many models, but runaway expansion still stops. */
export const YAML_TO_JS_OPTIONS = { maxAliasCount: 100_000 } as const;

/** A parse and what it noticed that dbt accepts but a person may want to fix. */
export interface ParsedYaml {
  doc: Document.Parsed;
  diagnostics: YamlDiagnostic[];
}

/**
 * Parses one YAML document the way dbt's PyYAML reads it, keeping node ranges into `text`.
 * Syntax errors become a `YamlInputError` naming the file, line and column. Duplicate keys and
 * quoted scalars mended to libyaml's reading are returned as diagnostics.
 */
export function parseYamlFile(file: string, text: string): ParsedYaml {
  const mended = mendQuotedScalars(text, (t) => parseDocument(t, YAML_PARSE_OPTIONS));
  const doc = mended.doc;
  const error = doc.errors[0];
  if (error) {
    const linePos = error.linePos?.[0];
    const position = linePos ? { line: linePos.line, column: linePos.col } : undefined;
    // yaml's own message ends with a code excerpt; the first line is what a person needs.
    const problem = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.code;
    throw new YamlInputError('yaml-syntax', file, `invalid YAML: ${problem}`, position);
  }
  dropFinalBreakAtEof(doc, text);
  const diagnostics: YamlDiagnostic[] = mended.mended.map((m) => ({
    code: 'quoted-scalar-indent',
    file,
    ...lineAndColumn(text, m.start),
    message: 'a multi-line quoted scalar continues at or left of its key; read as dbt (PyYAML) reads it',
  }));
  diagnostics.push(...findDuplicateKeys(doc, text, file));
  return { doc, diagnostics };
}

/** `parseYamlFile` for callers that only need the document. */
export function parseYamlText(file: string, text: string): Document.Parsed {
  return parseYamlFile(file, text).doc;
}

/**
 * PyYAML gives a block scalar that runs to the end of a file without a final line break no
 * trailing `\n` (the `yaml` package adds one for `|` / `>` and `|+`).
 */
function dropFinalBreakAtEof(doc: Document, text: string): void {
  if (text.endsWith('\n') || text.endsWith('\r')) return;
  visit(doc, {
    Scalar: (_key, node: Scalar) => {
      const blockScalar = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
      if (blockScalar && node.range?.[1] === text.length && typeof node.value === 'string' && node.value.endsWith('\n')) {
        node.value = node.value.slice(0, -1);
      }
    },
  });
}

/**
 * Keys that occur twice in one mapping (`<<` merge keys aside), one diagnostic per later key, in
 * document order. Walks collections and pairs only, with one stack: `visit` built a frozen path
 * array for every node and a `Map` per mapping, which on thousands of schema files cost more than
 * the check itself.
 */
export function findDuplicateKeys(doc: Document, text: string, file: string): YamlDiagnostic[] {
  const ctx: DuplicateContext = { doc, text, file, found: [] };
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) checkMapKeys(node.items, ctx);
    // Only what can hold a mapping goes on the stack, children in reverse so that they come off
    // it in document order (a key before its value).
    if (isMap(node) || isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i];
        if (isPair(item)) pushPair(stack, item);
        else if (isCollection(item)) stack.push(item);
      }
    }
  }
  return ctx.found;
}

function pushPair(stack: unknown[], pair: Pair<unknown, unknown>): void {
  if (isCollection(pair.value)) stack.push(pair.value);
  if (isCollection(pair.key)) stack.push(pair.key);
}

/** Up to this many keys, a mapping is checked by comparing each key with those before it. */
const SMALL_MAP = 12;

/** The name a key is compared by, or undefined for keys that are not checked. */
function keyName(pair: Pair<unknown, unknown>): string | undefined {
  const key = pair.key as Node | null;
  if (!isScalar(key) || key.range === undefined || key.range === null || typeof key.value === 'symbol') return undefined;
  const name = String(key.value);
  return name === '<<' ? undefined : name;
}

interface DuplicateContext {
  doc: Document;
  text: string;
  file: string;
  found: YamlDiagnostic[];
}

function reportDuplicate(later: Pair<unknown, unknown>, first: Pair<unknown, unknown>, name: string, ctx: DuplicateContext): void {
  const at = (later.key as Scalar).range?.[0] ?? 0;
  const firstLine = lineAndColumn(ctx.text, (first.key as Scalar).range?.[0] ?? 0).line;
  ctx.found.push({
    code: 'duplicate-key',
    file: ctx.file,
    ...lineAndColumn(ctx.text, at),
    message: `duplicate key '${name}' in ${formatPathForMessage(locateYamlPath(ctx.doc, at))} (first on line ${firstLine}): the last one wins, as in dbt; remove one`,
  });
}

function checkMapKeys(items: readonly Pair<unknown, unknown>[], ctx: DuplicateContext): void {
  if (items.length > SMALL_MAP) {
    const seen = new Map<string, Pair<unknown, unknown>>();
    for (const pair of items) {
      const name = keyName(pair);
      if (name === undefined) continue;
      const first = seen.get(name);
      if (first === undefined) seen.set(name, pair);
      else reportDuplicate(pair, first, name, ctx);
    }
    return;
  }
  // Most mappings hold a few keys: comparing each with the ones before it allocates nothing.
  for (let i = 1; i < items.length; i++) {
    const pair = items[i] as Pair<unknown, unknown>;
    const name = keyName(pair);
    if (name === undefined) continue;
    for (let j = 0; j < i; j++) {
      const first = items[j] as Pair<unknown, unknown>;
      if (keyName(first) !== name) continue;
      reportDuplicate(pair, first, name, ctx);
      break;
    }
  }
}

function formatPathForMessage(path: YamlPath): string {
  return path.length === 0 ? 'the top-level mapping' : formatYamlPath(path);
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
