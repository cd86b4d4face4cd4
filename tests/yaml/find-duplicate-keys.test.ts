/**
 * findDuplicateKeys walks collections with its own stack rather than the `yaml` package's `visit`.
 * This compares it with the `visit` version it replaced, kept here as the reference: the same
 * diagnostics in the same order, on every YAML file of fixtures/ (and of the corpus, when
 * present) and on documents built to hold duplicates in every place a key can be.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isScalar, parseDocument, visit, type Document, type Node } from 'yaml';
import { YAML_PARSE_OPTIONS, findDuplicateKeys, locateYamlPath } from '../../src/yaml/parse-yaml-text.js';
import { formatYamlPath } from '../../src/yaml/errors.js';
import { lineAndColumn, type YamlDiagnostic } from '../../src/yaml/yaml-diagnostic.js';
import { CORPUS_DIR } from '../corpus/corpus-projects.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { yamlFilesUnder } from '../helpers/files-under.js';

/** The `visit` implementation findDuplicateKeys had before (issue 15), unchanged. */
function referenceDuplicateKeys(doc: Document, text: string, file: string): YamlDiagnostic[] {
  const found: YamlDiagnostic[] = [];
  visit(doc, {
    Map: (_key, map) => {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        const key = pair.key as Node | null;
        if (!isScalar(key) || key.range === undefined || key.range === null) continue;
        const name = String(key.value);
        if (typeof key.value === 'symbol' || name === '<<') continue;
        const first = seen.get(name);
        if (first === undefined) {
          seen.set(name, key.range[0]);
          continue;
        }
        const at = locateYamlPath(doc, key.range[0]);
        const where = at.length === 0 ? 'the top-level mapping' : formatYamlPath(at);
        found.push({
          code: 'duplicate-key',
          file,
          ...lineAndColumn(text, key.range[0]),
          message: `duplicate key '${name}' in ${where} (first on line ${lineAndColumn(text, first).line}): the last one wins, as in dbt; remove one`,
        });
      }
    },
  });
  return found;
}

function compare(file: string, text: string): { ours: YamlDiagnostic[]; reference: YamlDiagnostic[] } | undefined {
  const doc = parseDocument(text, YAML_PARSE_OPTIONS);
  if (doc.errors.length > 0) return undefined;
  return { ours: findDuplicateKeys(doc, text, file), reference: referenceDuplicateKeys(doc, text, file) };
}

const wideMap = (n: number, dup: number[]): string => Array.from({ length: n }, (_, i) => `k${dup.includes(i) ? 0 : i}: ${i}`).join('\n');

const BUILT: Record<string, string> = {
  'top level': 'version: 2\nversion: 3\nmodels: []\n',
  'in a column': 'models:\n  - name: a\n    columns:\n      - name: x\n        description: one\n        description: two\n',
  'three times, and two names twice': 'a: 1\nb: 2\na: 3\nb: 4\na: 5\n',
  'wide mapping (past the small-map bound)': `${wideMap(20, [7, 15, 19])}\n`,
  'wide mapping, nested': `outer:\n  - ${wideMap(14, [13]).split('\n').join('\n    ')}\n`,
  'flow mappings and sequences': 'm: {a: 1, a: 2, b: [ {c: 1, c: 2}, [ {d: 1, d: 1} ] ]}\n',
  'a mapping as a key': '? {a: 1, a: 2}\n: value\nplain: 1\n',
  'merge keys are not duplicates': 'base: &b {x: 1}\nm:\n  <<: *b\n  <<: *b\n  y: 2\n  y: 3\n',
  'numbers and strings compare as text': 'm:\n  1: a\n  "1": b\n  true: c\n  "true": d\n  null: e\n  ~: f\n',
  'aliases are not followed': 'a: &x {k: 1, k: 2}\nb: *x\nc: [*x, *x]\n',
  'order across nesting': 'a:\n  x: 1\n  y: {p: 1, p: 2}\n  x: 2\nb:\n  - q: 1\n    q: 2\na: 3\n',
  'empty and null keys': '? \n: 1\n? \n: 2\n"": 3\n"": 4\n',
  'several documents deep': 'l1:\n  l2:\n    - l3:\n        - l4: {z: 1, z: 2}\n',
};

const fixtureFiles = yamlFilesUnder(path.join(REPO_ROOT, 'fixtures'));
const corpusFiles = yamlFilesUnder(CORPUS_DIR);
if (corpusFiles.length === 0) console.warn(`find-duplicate-keys corpus cases skipped: no corpus at ${CORPUS_DIR}`);

describe('findDuplicateKeys gives what the visit-based version gave', () => {
  it.each(Object.entries(BUILT))('%s', (name, text) => {
    const result = compare(`${name}.yml`, text);
    expect(result).toBeDefined();
    expect(result?.ours).toEqual(result?.reference);
  });

  it('finds the duplicates the built documents hold', () => {
    const counts = Object.entries(BUILT).map(([name, text]) => [name, compare('f.yml', text)?.ours.length]);
    expect(Object.fromEntries(counts)).toEqual({
      'top level': 1,
      'in a column': 1,
      'three times, and two names twice': 3,
      'wide mapping (past the small-map bound)': 3,
      'wide mapping, nested': 1,
      'flow mappings and sequences': 3,
      'a mapping as a key': 1,
      'merge keys are not duplicates': 1,
      'numbers and strings compare as text': 3,
      'aliases are not followed': 1,
      'order across nesting': 4,
      'empty and null keys': 2,
      'several documents deep': 1,
    });
  });

  it('on every YAML file of fixtures/', () => {
    expect(fixtureFiles.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const file of fixtureFiles) {
      const result = compare(file, readFileSync(file, 'utf8'));
      if (result && JSON.stringify(result.ours) !== JSON.stringify(result.reference)) problems.push(path.relative(REPO_ROOT, file));
    }
    expect(problems).toEqual([]);
  });

  it.skipIf(corpusFiles.length === 0)('on every YAML file of the corpus', () => {
    const problems: string[] = [];
    for (const file of corpusFiles) {
      const result = compare(file, readFileSync(file, 'utf8'));
      if (result && JSON.stringify(result.ours) !== JSON.stringify(result.reference)) problems.push(path.relative(CORPUS_DIR, file));
    }
    expect(problems).toEqual([]);
  });
});
