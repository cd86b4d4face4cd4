/**
 * documentToJs converts the plain documents itself and hands the rest to the `yaml` package's
 * `doc.toJS()`. On every YAML file of fixtures/ (and of the corpus, when present), on random
 * schema documents and on documents built around what the package treats specially, the two
 * must give deeply equal values with the same own keys in the same order.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { documentToJs } from '../../src/yaml/document-to-js.js';
import { YAML_PARSE_OPTIONS, YAML_TO_JS_OPTIONS } from '../../src/yaml/parse-yaml-text.js';
import { CORPUS_DIR } from '../corpus/corpus-projects.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { genDoc, renderGenDoc } from './random-schema-documents.js';
import { yamlFilesUnder } from '../helpers/files-under.js';

/** Own keys in order, recursively: isDeepStrictEqual ignores key order and own-vs-inherited. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  return Reflect.ownKeys(value).map((k) => [String(k), Object.getPrototypeOf(value) === Object.prototype, shape((value as Record<string | symbol, unknown>)[k])]);
}

/** Undefined when both agree on `text`, else what differs; a document that does not parse is skipped. */
function disagreement(text: string): string | undefined {
  const doc = parseDocument(text, YAML_PARSE_OPTIONS);
  if (doc.errors.length > 0) return undefined;
  let expected: unknown;
  try {
    expected = doc.toJS(YAML_TO_JS_OPTIONS);
  } catch (err) {
    expect(() => documentToJs(doc)).toThrow((err as Error).message);
    return undefined;
  }
  const actual = documentToJs(doc);
  if (isDeepStrictEqual(actual, expected) && isDeepStrictEqual(shape(actual), shape(expected))) return undefined;
  return `${JSON.stringify(actual)?.slice(0, 200)} vs ${JSON.stringify(expected)?.slice(0, 200)}`;
}

const BUILT: Record<string, string> = {
  empty: '',
  'a comment only': '# nothing\n',
  'a scalar': 'text\n',
  'a list': '- a\n- 1\n- true\n',
  'duplicate keys keep their first place': 'a: 1\nb: 2\na: 3\n',
  'keys an object inherits': '__proto__: {polluted: 1}\nconstructor: x\ntoString: y\nhasOwnProperty: 1\n',
  'keys of other types': '1: int\n1.5: float\ntrue: bool\nnull: null\n~: tilde\n0x1f: hex\n"": empty\n',
  'a timestamp key': '2024-01-01: day\nk: 2024-01-01 10:00:00\n',
  'a merge key': 'base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n',
  'a quoted << is not a merge': 'm:\n  "<<": {x: 1}\n',
  aliases: 'a: &x {k: [1, 2]}\nb: *x\nc: [*x]\n',
  'an aliased key': 'k: &k name\n*k : value\n',
  'a mapping as a key': '? {a: 1}\n: value\n? [1, 2]\n: list\n',
  'a pair in a flow sequence': 'l: [a: 1, b]\n',
  'tags of other collections': 's: !!set {a, b}\no: !!omap [a: 1]\np: !!pairs [a: 1]\n',
  'an explicit string tag': 'a: !!str 1\nb: !!int "2"\n',
  'nested entries': 'version: 2\nmodels:\n  - name: m\n    columns:\n      - name: c\n        meta: {k: [1, {x: null}]}\n        tags: []\n',
};

const fixtureFiles = yamlFilesUnder(path.join(REPO_ROOT, 'fixtures'));
const corpusFiles = yamlFilesUnder(CORPUS_DIR);
if (corpusFiles.length === 0) console.warn(`document-to-js corpus cases skipped: no corpus at ${CORPUS_DIR}`);

describe('documentToJs gives what doc.toJS gives', () => {
  it.each(Object.entries(BUILT))('%s', (_name, text) => {
    expect(disagreement(text)).toBeUndefined();
  });

  it('keeps an inherited key name as an own property, not the prototype', () => {
    const value = documentToJs(parseDocument('__proto__: {polluted: 1}\n', YAML_PARSE_OPTIONS)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
  });

  it('on every YAML file of fixtures/', () => {
    expect(fixtureFiles.length).toBeGreaterThan(0);
    const problems = fixtureFiles.flatMap((file) => {
      const problem = disagreement(readFileSync(file, 'utf8'));
      return problem ? [`${path.relative(REPO_ROOT, file)}: ${problem}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it('on random schema documents', () => {
    fc.assert(fc.property(genDoc, (gen) => disagreement(renderGenDoc(gen)) === undefined), { numRuns: 200 });
  });

  it.skipIf(corpusFiles.length === 0)('on every YAML file of the corpus', () => {
    const problems = corpusFiles.flatMap((file) => {
      const problem = disagreement(readFileSync(file, 'utf8'));
      return problem ? [`${path.relative(CORPUS_DIR, file)}: ${problem}`] : [];
    });
    expect(problems).toEqual([]);
  });
});
