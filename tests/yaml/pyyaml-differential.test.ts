/**
 * Differential test against PyYAML, the parser dbt reads schema files with: over the edge-case
 * fixtures of fixtures/yaml-read (one per way the `yaml` package's defaults differ from PyYAML),
 * random schema files in messy layouts, and every YAML file of ../shared/corpus, osmosis-ts must
 * read the values PyYAML reads:
 * the whole document, and each name, description, tag and meta value the reader hands on.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { YAML_TO_JS_OPTIONS, parseYamlText } from '../../src/yaml/parse-yaml-text.js';
import { readSchemaFile } from '../../src/yaml/read-schema-file.js';
import type { YamlPath } from '../../src/yaml/types.js';
import { CORPUS_DIR } from '../corpus/corpus-projects.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { normalizeJs, pyyamlAvailable, pyyamlLoad, type PyYamlResult } from '../helpers/pyyaml.js';
import { yamlFilesUnder } from '../helpers/files-under.js';
import { genDoc, genTwists, renderGenDoc, twist } from './random-schema-documents.js';

const FIXTURES = path.join(REPO_ROOT, 'fixtures/yaml-read');
const havePyYaml = pyyamlAvailable();

if (!havePyYaml && process.env['CI']) {
  throw new Error('python3-yaml is missing: the PyYAML differential test needs it (apt-get install -y python3-yaml; .ci/run installs it in CI).');
}
if (!havePyYaml) console.warn('SKIPPED pyyaml-differential: python3 with PyYAML not found (apt-get install -y python3-yaml).');

/** What osmosis-ts reads from a text, in the oracle's normal form. */
function osmosisRead(file: string, text: string): PyYamlResult {
  try {
    return { value: JSON.parse(JSON.stringify(normalizeJs(parseYamlText(file, text).toJS(YAML_TO_JS_OPTIONS)))) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function at(tree: unknown, p: YamlPath): unknown {
  let node = tree;
  for (const step of p) node = (node as Record<string | number, unknown> | undefined)?.[step];
  return node;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/**
 * The values the reader hands on (entry and column names, descriptions, tags, meta), from the
 * reader and from PyYAML's tree at the same paths, side by side.
 */
function usedValues(file: string, text: string, tree: unknown): { ours: unknown[]; pyyaml: unknown[] } {
  const schema = readSchemaFile(file, text);
  const ours: unknown[] = [];
  const pyyaml: unknown[] = [];
  for (const entry of schema.entries) {
    if (entry.version !== undefined) continue;
    const mapping = obj(at(tree, entry.path));
    ours.push([entry.name, entry.description ?? null]);
    pyyaml.push([mapping['name'], typeof mapping['description'] === 'string' ? mapping['description'] : (entry.description ?? null)]);
    for (const column of entry.columns) {
      const c = obj(at(tree, column.path));
      const config = obj(c['config']);
      ours.push([column.name, column.description ?? null, column.tags, normalizeJs(column.meta)]);
      pyyaml.push([
        c['name'],
        typeof c['description'] === 'string' ? c['description'] : (column.description ?? null),
        [...new Set([...list(c['tags']), ...list(config['tags'])].map((t) => (typeof t === 'string' ? t : String(t))))],
        { ...obj(c['meta']), ...obj(config['meta']) },
      ]);
    }
  }
  return { ours: JSON.parse(JSON.stringify(ours)), pyyaml };
}

function compareAll(files: string[], schemaFiles: boolean): void {
  compareTexts(files.map((file) => [file, readFileSync(file, 'utf8')]), schemaFiles);
}

/** Each [name, text]: the whole document, and for schema files the values handed on. */
function compareTexts(cases: [string, string][], schemaFiles: boolean): void {
  const pyyaml = pyyamlLoad(cases.map(([, text]) => text));
  cases.forEach(([file, text], i) => {
    const theirs = pyyaml[i];
    const ours = osmosisRead(file, text);
    if (theirs && 'error' in theirs) {
      expect('error' in ours, `${file}: PyYAML fails (${theirs.error}), osmosis-ts must not read a value`).toBe(true);
      return;
    }
    expect(ours, file).toEqual(theirs);
    if (!schemaFiles || !theirs) return;
    const used = usedValues(file, text, theirs.value);
    expect(used.ours, `${file}: values handed on`).toEqual(used.pyyaml);
  });
}

describe.skipIf(!havePyYaml)('what osmosis-ts reads equals what PyYAML (dbt) reads', () => {
  const fixtures = yamlFilesUnder(FIXTURES);

  test('one edge-case fixture per category is present', () => {
    const names = fixtures.map((f) => path.basename(f, '.yml'));
    for (const category of ['duplicate-keys', 'quoted-scalar-under-indented', 'merge-keys-and-aliases', 'block-scalar-eof-literal', 'block-scalar-eof-folded', 'block-scalar-eof-keep', 'yaml11-scalars']) {
      expect(names).toContain(category);
    }
  });

  test('edge-case fixtures: documents and the values handed on', () => {
    compareAll(fixtures, true);
  });

  test('a selection of values dbt sees differently from YAML 1.2 readers', () => {
    const text = readFileSync(path.join(FIXTURES, 'yaml11-scalars.yml'), 'utf8');
    const meta = obj(obj(list(obj(osmosisRead('x', text)).value && obj(obj(osmosisRead('x', text)).value)['models'])[0])['meta']);
    expect(meta).toMatchObject({ yes_word: true, off_word: false, y_letter: 'y', exponent_no_dot: '1e3', octal: 10, not_octal: '08', sexagesimal: 90 });
    expect(meta['date']).toEqual({ $timestamp: '2024-01-31T00:00:00.000Z' });
  });

  // The messy shapes of the edit property test (deep comments, whitespace-only lines, `>`
  // scalars, spaces or tabs at line ends, quoted keys, `name :`, `---`, a byte order mark), on
  // random schema files; PROPERTY_SEED replays a seed.
  test('random schema files in messy layouts', () => {
    const seed = Number(process.env['PROPERTY_SEED'] ?? Date.now() % 1_000_000);
    const samples = fc.sample(fc.tuple(genDoc, genTwists), { numRuns: 200, seed });
    compareTexts(samples.map(([doc, twists], i) => [`seed ${seed}, case ${i}`, twist(renderGenDoc(doc), twists)]), true);
  });

  const corpusFiles = yamlFilesUnder(CORPUS_DIR).filter((f) => !f.includes(`${path.sep}schemas${path.sep}`));
  if (corpusFiles.length === 0) console.warn(`SKIPPED corpus part of pyyaml-differential: ${CORPUS_DIR} not found.`);
  test.skipIf(corpusFiles.length === 0)(`every YAML file of the corpus (${corpusFiles.length} files)`, () => {
    const schemaLike = corpusFiles.filter((f) => !/(dbt_project|packages|selectors|profiles)\.ya?ml$/.test(f));
    compareAll(schemaLike, true);
    compareAll(corpusFiles.filter((f) => !schemaLike.includes(f)), false);
  });
});
