import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { readJsonArtifact } from '../../../src/project/manifest/json-artifact.js';
import { parseJsonFile } from '../../../src/project/manifest/parse-json-file.js';
import { parseCatalog } from '../../../src/project/manifest/read-catalog.js';
import { parseManifest } from '../../../src/project/manifest/read-manifest.js';

/** What parseJsonFile throws for `text`, or undefined when it reads it. */
function wholeError(text: string, file = 'target/manifest.json', what = 'manifest'): string | undefined {
  try {
    parseJsonFile(text, file, what);
    return undefined;
  } catch (error) {
    return error instanceof InputError ? error.message : `not an InputError: ${String(error)}`;
  }
}

/** Reads every member and every entry of every object member, as a run would. */
function readAll(text: string): Record<string, unknown> {
  const artifact = readJsonArtifact(text, 'target/manifest.json', 'manifest');
  const out: Record<string, unknown> = {};
  const whole = JSON.parse(text) as Record<string, unknown>;
  for (const key of Object.keys(whole)) {
    const value = artifact.member(key);
    const shallow = artifact.shallow(key);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      expect(shallow).toEqual({});
      out[key] = Object.fromEntries([...artifact.entries(key)]);
      expect([...artifact.entries(key)].map(([k]) => k)).toEqual(Object.keys(value));
    } else {
      expect(shallow).toEqual(value);
      expect([...artifact.entries(key)]).toEqual([]);
      out[key] = value;
    }
  }
  return out;
}

// Keys an object would list first (integer-like) are never dbt ids; the scan keeps the text's order.
const key = fc.string({ unit: fc.constantFrom('a', '"', '\\', '/', ' ', '\n', 'é', '\u2028', '{', '}', '[', ']', ',', ':', 'x') }).filter((k) => !/^(0|[1-9]\d*)$/.test(k));
const artifact = fc.dictionary(key, fc.oneof(fc.dictionary(key, fc.jsonValue({ maxDepth: 3 })), fc.jsonValue({ maxDepth: 3 })), { maxKeys: 6 });

describe('readJsonArtifact', () => {
  test('reads what JSON.parse reads, member by member and entry by entry, in any layout', () => {
    fc.assert(
      fc.property(artifact, fc.constantFrom(0, 1, 2, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        // The scan follows every valid object: the whole-text path is for broken ones.
        expect(readJsonArtifact(text, 'm.json', 'manifest').scanned).toBe(true);
        expect(readAll(text)).toEqual(JSON.parse(text));
        expect(readAll(` \n${text}\r\n `)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  test('a repeated key counts once, with its last value, in its first place (as JSON.parse)', () => {
    const text = '{"nodes": {"a": 1, "b": 2, "a": 3}, "metadata": {}, "nodes": {"a": 4, "c": 5, "a": 6}}';
    const artifact = readJsonArtifact(text, 'm.json', 'manifest');
    expect(artifact.scanned).toBe(true);
    expect([...artifact.entries('nodes')]).toEqual(Object.entries((JSON.parse(text) as { nodes: object }).nodes));
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['nodes', 'metadata']);
  });

  test('a text cut anywhere fails with the error parseJsonFile gives', () => {
    const text = JSON.stringify({ metadata: { v: 'x' }, nodes: { 'model.p.a': { name: 'a', code: 'select "}" as q' }, 'model.p.b': { s: 'a\\"b' } } }, null, 2);
    for (let cut = 0; cut < text.length; cut++) {
      const broken = text.slice(0, cut);
      const expected = wholeError(broken);
      expect(expected, `cut at ${cut}`).toBeDefined();
      expect(() => readAll2(broken), `cut at ${cut}`).toThrow(expected);
    }
  });

  test('a flaw in a value that is read, and a second document, fail as parseJsonFile says', () => {
    const cases = [
      '{"metadata": {}, "nodes": {"model.p.a": {"name": "a\\x"}}}',
      '{"metadata": {}, "nodes": {"model.p.a": {"name": "a",}}}',
      '{"metadata": {}, "nodes": {"model.p.a": {"name": tru}}}',
      '{"metadata": {}, "nodes": {}}\n{"metadata": {}, "nodes": {}}',
      '{"metadata": {}, "nodes": {"model.p.a": {"name": "a"} "model.p.b": {}}}',
      '{"metadata": {} "nodes": {}}',
      '[1, 2]',
    ];
    for (const text of cases) {
      const expected = wholeError(text);
      if (expected === undefined) {
        expect(readAll2(text), text).toEqual(JSON.parse(text));
      } else {
        expect(() => readAll2(text), text).toThrow(expected);
      }
    }
  });

  test('a member no caller reads is checked last, entry by entry, with the error parseJsonFile gives', () => {
    const text = '{"metadata": {"v": 1}, "macros": {"m": {"sql": "x", "bad": tru}}, "nodes": {"model.p.a": {"name": "a"}}, "n": 1}';
    const expected = wholeError(text);
    expect(expected).toBeDefined();
    const artifact = readJsonArtifact(text, 'target/manifest.json', 'manifest');
    expect(artifact.member('metadata')).toEqual({ v: 1 });
    expect([...artifact.entries('nodes')]).toEqual([['model.p.a', { name: 'a' }]]);
    expect(() => artifact.checkRest()).toThrow(expected);
    const valid = text.replace('tru', 'true');
    expect(() => readJsonArtifact(valid, 'target/manifest.json', 'manifest').checkRest()).not.toThrow();
    expect(() => readJsonArtifact(valid.replace('"n": 1', '"n": 1e'), 'target/manifest.json', 'manifest').checkRest()).toThrow(/not valid JSON/);
  });

  test('the manifest and catalog readers refuse a flaw in a section they do not use', () => {
    const manifest = '{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json"}, "nodes": {}, "sources": {}, "macros": {"macro.p.m": {"macro_sql": "x",}}}';
    expect(() => parseManifest(manifest, 'target/manifest.json')).toThrow(wholeError(manifest));
    expect(parseManifest(manifest.replace('"x",}', '"x"}'), 'target/manifest.json').nodes.size).toBe(0);
    const catalog = '{"metadata": {}, "nodes": {}, "sources": {}, "errors": [nul]}';
    expect(wholeError(catalog, 'target/catalog.json', 'catalog')).toMatch(/^target\/catalog.json: not valid JSON/);
    expect(() => parseCatalog(catalog, 'target/catalog.json')).toThrow(wholeError(catalog, 'target/catalog.json', 'catalog'));
    expect(parseCatalog(catalog.replace('nul]', 'null]'), 'target/catalog.json').nodes.size).toBe(0);
  });

  test('a root that is not an object is given as it is, for the shape check', () => {
    expect(readJsonArtifact('[1]', 'c.json', 'catalog')).toMatchObject({ isObject: false, root: [1] });
    expect(readJsonArtifact('null', 'c.json', 'catalog')).toMatchObject({ isObject: false, root: null });
    expect(readJsonArtifact('{}', 'c.json', 'catalog').isObject).toBe(true);
  });
});

/** Every member read, entries of object members iterated: whatever is broken shows. */
function readAll2(text: string): Record<string, unknown> {
  const artifact = readJsonArtifact(text, 'target/manifest.json', 'manifest');
  if (!artifact.isObject) return artifact.root as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of ['metadata', 'nodes']) {
    const shallow = artifact.shallow(key);
    out[key] = shallow !== null && typeof shallow === 'object' && !Array.isArray(shallow) ? Object.fromEntries([...artifact.entries(key)]) : artifact.member(key);
  }
  artifact.checkRest();
  return out;
}
