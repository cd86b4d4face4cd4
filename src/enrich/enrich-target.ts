import { isMap, type Document } from 'yaml';
import { detectConfigHabits } from '../yaml/read-yaml-columns.js';
import type { SchemaFile, YamlColumn, YamlEdit, YamlPath } from '../yaml/types.js';
import { existingTests, hasTest, renderTest } from './test-shapes.js';
import type { SuggestedTest } from './types.js';

/**
 * One mapping enrichment writes into (a column, or a node's entry) and the keys it already uses.
 * Placement follows the mapping first, then its file: meta and tags under `config` where the
 * mapping (or, when it has neither, the file) keeps them there; tests under the key it uses.
 */
export interface EnrichTarget {
  path: YamlPath;
  values: Readonly<Record<string, unknown>>;
  metaKey: 'meta' | 'config.meta';
  hasMetaKey: boolean;
  tagsKey: 'tags' | 'config.tags';
  hasTagsKey: boolean;
  hasConfig: boolean;
  /** The mapping's meta (`meta` overlaid by `config.meta`) and tags (both keys), as they are now. */
  meta: Readonly<Record<string, unknown>>;
  tags: readonly string[];
  testsKey: TestsKey;
}

export type TestsKey = 'data_tests' | 'tests';

/** What one enrichment wrote into a mapping, so that rollback can take exactly that out again. */
export interface EnrichAdded {
  /** Meta keys added, and where the meta lives. */
  meta?: { key: 'meta' | 'config.meta'; added: string[] };
  /** Sequence items appended, under `key` (dotted, from the mapping). */
  items: { key: string; added: unknown[] }[];
  /** Keys this write created in the mapping (`config`, `meta`, `tags`, `data_tests`…), dotted. */
  created: string[];
}

/** What to add to one mapping. */
export interface EnrichValues {
  meta?: Record<string, unknown>;
  tags?: readonly string[];
  tests?: readonly SuggestedTest[];
}

/**
 * The edits that add `values` to the target and never change what is there: meta keys the
 * mapping already has are skipped, tags it has are skipped, tests it has (under either key, in
 * either form) are skipped. New keys under a missing `config` are written as one `config` mapping,
 * so two additions never address a key the other creates.
 */
export function enrichTargetEdits(target: EnrichTarget, values: EnrichValues): { edits: YamlEdit[]; added: EnrichAdded } {
  const edits: YamlEdit[] = [];
  const added: EnrichAdded = { items: [], created: [] };
  const newConfig: Record<string, unknown> = {};
  const at = (dotted: string): YamlPath => [...target.path, ...dotted.split('.')];

  const meta = Object.entries(values.meta ?? {}).filter(([k]) => !(k in target.meta));
  if (meta.length > 0) {
    added.meta = { key: target.metaKey, added: meta.map(([k]) => k) };
    const metaValue = target.metaKey.split('.').reduce<unknown>((v, k) => asRecord(v)?.[k], target.values);
    // An empty `meta:` (null) gets the keys as its mapping; rollback takes them out and leaves `meta:`.
    if (target.hasMetaKey && metaValue === null) edits.push({ op: 'set', path: at(target.metaKey), value: Object.fromEntries(meta) });
    else if (target.hasMetaKey) for (const [k, v] of meta) edits.push({ op: 'set', path: [...at(target.metaKey), k], value: v });
    else if (target.metaKey === 'config.meta' && !target.hasConfig) newConfig['meta'] = Object.fromEntries(meta);
    else {
      edits.push({ op: 'set', path: at(target.metaKey), value: Object.fromEntries(meta) });
      added.created.push(target.metaKey);
    }
  }

  const have = new Set(target.tags);
  const tags = [...new Set(values.tags ?? [])].filter((t) => !have.has(t));
  if (tags.length > 0) {
    added.items.push({ key: target.tagsKey, added: tags });
    if (target.hasTagsKey) for (const tag of tags) edits.push({ op: 'append', path: at(target.tagsKey), value: tag });
    else if (target.tagsKey === 'config.tags' && !target.hasConfig) newConfig['tags'] = tags;
    else {
      edits.push({ op: 'set', path: at(target.tagsKey), value: tags });
      added.created.push(target.tagsKey);
    }
  }

  const existing = [...existingTests(target.values)];
  const tests: unknown[] = [];
  for (const test of values.tests ?? []) {
    if (hasTest(existing, test)) continue;
    const item = renderTest(test);
    existing.push(item);
    tests.push(item);
  }
  if (tests.length > 0) {
    added.items.push({ key: target.testsKey, added: tests });
    if (!(target.testsKey in target.values)) added.created.push(target.testsKey);
    for (const item of tests) edits.push({ op: 'append', path: at(target.testsKey), value: item });
  }

  if (Object.keys(newConfig).length > 0) {
    edits.push({ op: 'set', path: at('config'), value: newConfig });
    added.created.push('config');
  }
  return { edits, added };
}

type KeyPlacement = Pick<EnrichTarget, 'metaKey' | 'hasMetaKey' | 'tagsKey' | 'hasTagsKey'>;

/**
 * dbt 1.10 moved `meta` and `tags` under `config` (the top-level keys are deprecated there): a
 * mapping that keeps one of them under `config` follows that style, so the other goes there too.
 */
export function samePlacement<T extends KeyPlacement>(keys: T): T {
  const metaKey = !keys.hasMetaKey && keys.tagsKey === 'config.tags' ? 'config.meta' : keys.metaKey;
  const tagsKey = !keys.hasTagsKey && keys.metaKey === 'config.meta' ? 'config.tags' : keys.tagsKey;
  return { ...keys, metaKey, tagsKey };
}

/** How a project keeps column meta and tags: under `config` in some column of its files, or not. */
export interface ProjectHabits {
  metaUnderConfig: boolean;
  tagsUnderConfig: boolean;
}

/** The habit of the project's schema files (`config` wins where any column keeps the key there). */
export function projectHabitsOf(files: Iterable<SchemaFile>): ProjectHabits {
  return detectConfigHabits([...files].flatMap((f) => f.entries.map((e) => e.columns.map((c) => c.values ?? {}))));
}

/**
 * A file's habits, read once per parse: every column of a large file asks, and a scan per column
 * made applying thousands of proposals quadratic.
 */
function memo<T>(cache: WeakMap<SchemaFile, T>, file: SchemaFile, read: (file: SchemaFile) => T): T {
  if (cache.has(file)) return cache.get(file) as T;
  const value = read(file);
  cache.set(file, value);
  return value;
}

const columnsHaveMeta = new WeakMap<SchemaFile, boolean>();
const columnsHaveTags = new WeakMap<SchemaFile, boolean>();
const testsKeys = new WeakMap<SchemaFile, TestsKey | undefined>();

/** Whether any column of the file has `key` (`meta` or `tags`), at the top level or under `config`. */
function fileColumnsHave(file: SchemaFile, key: 'meta' | 'tags'): boolean {
  return memo(key === 'meta' ? columnsHaveMeta : columnsHaveTags, file, () => scanColumnsFor(file, key));
}

function scanColumnsFor(file: SchemaFile, key: 'meta' | 'tags'): boolean {
  return file.entries.some((e) =>
    e.columns.some((c) => {
      const values = c.values ?? {};
      return key in values || key in (asRecord(values['config']) ?? {});
    }),
  );
}

/**
 * Where a column's new meta and tags go: the column's own keys, else its file's (the reader has
 * looked there), else, in a file whose columns hold neither, the project's habit.
 */
export function columnPlacement<T extends KeyPlacement>(keys: T, file: SchemaFile | undefined, project: ProjectHabits | undefined): T {
  const fromProject = (has: boolean, key: 'meta' | 'tags'): boolean => !has && file !== undefined && !fileColumnsHave(file, key) && project?.[`${key}UnderConfig`] === true;
  return samePlacement({
    ...keys,
    metaKey: fromProject(keys.hasMetaKey, 'meta') ? 'config.meta' : keys.metaKey,
    tagsKey: fromProject(keys.hasTagsKey, 'tags') ? 'config.tags' : keys.tagsKey,
  });
}

/** The test key a file uses: `data_tests` or `tests`, whichever its columns and entries hold first. */
export function fileTestsKey(file: SchemaFile): TestsKey | undefined {
  return memo(testsKeys, file, scanTestsKey);
}

function scanTestsKey(file: SchemaFile): TestsKey | undefined {
  for (const entry of file.entries) {
    for (const column of entry.columns) {
      const values = column.values ?? {};
      if ('data_tests' in values) return 'data_tests';
      if ('tests' in values) return 'tests';
    }
  }
  const text = file.text;
  if (/^\s*data_tests\s*:/m.test(text)) return 'data_tests';
  if (/^\s*tests\s*:/m.test(text)) return 'tests';
  return undefined;
}

/** dbt 1.8 renamed `tests` to `data_tests`; an older dbt (or an unknown version) reads only `tests`. */
export function defaultTestsKey(dbtVersion: string | undefined): TestsKey {
  const match = /^(\d+)\.(\d+)/.exec(dbtVersion ?? '');
  if (!match) return 'tests';
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 1 || (major === 1 && minor >= 8) ? 'data_tests' : 'tests';
}

/** The mapping's own test key, else the file's, else the dbt version's. */
function testsKeyOf(values: Readonly<Record<string, unknown>>, fileKey: TestsKey | undefined, dbtVersion: string | undefined): TestsKey {
  if ('data_tests' in values) return 'data_tests';
  if ('tests' in values) return 'tests';
  return fileKey ?? defaultTestsKey(dbtVersion);
}

/** A column of a schema file as an enrichment target. */
export function columnTarget(column: YamlColumn, file: SchemaFile, dbtVersion: string | undefined, project?: ProjectHabits): EnrichTarget {
  const values = column.values ?? {};
  return columnPlacement({
    path: column.path,
    values,
    metaKey: column.metaKey,
    hasMetaKey: column.hasMetaKey,
    tagsKey: column.tagsKey,
    hasTagsKey: column.hasTagsKey,
    hasConfig: column.hasConfig,
    meta: column.meta,
    tags: column.tags,
    testsKey: testsKeyOf(values, fileTestsKey(file), dbtVersion),
  }, file, project);
}

const samePath = (a: YamlPath, b: YamlPath): boolean => a.length === b.length && a.every((step, i) => step === b[i]);

function mappingAt(document: Document.Parsed | undefined, path: YamlPath): Record<string, unknown> | undefined {
  const node = document?.getIn(path, true);
  return isMap(node) ? (node.toJSON() as Record<string, unknown>) : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function textList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** Whether any entry of the file keeps `key` (`meta` or `tags`) under `config`. */
function entriesKeepUnderConfig(file: SchemaFile, key: 'meta' | 'tags'): boolean {
  return file.entries.some((e) => {
    const config = asRecord(mappingAt(file.document, e.path)?.['config']);
    return config !== undefined && key in config;
  });
}

/**
 * A node's entry (a model, seed, snapshot or source table mapping) as an enrichment target. With
 * no key of its own and no habit in the file, a model, seed or snapshot gets its tags and meta
 * under `config`: dbt reads a node's tags only there (a top-level `tags:` on a model is an error),
 * `config.meta` has worked since dbt 0.21, and it is where dbt 1.10 moves `meta`. A source table
 * keeps both at the top level, where every dbt version reads them.
 */
export function entryTarget(entryPath: YamlPath, file: SchemaFile, dbtVersion: string | undefined): EnrichTarget {
  const values = mappingAt(file.document, entryPath) ?? {};
  const config = asRecord(values['config']);
  const ownMeta = config && 'meta' in config ? 'config.meta' : 'meta' in values ? 'meta' : undefined;
  const ownTags = config && 'tags' in config ? 'config.tags' : 'tags' in values ? 'tags' : undefined;
  const underConfig = file.entries.find((e) => samePath(e.path, entryPath))?.section !== 'sources';
  return samePlacement({
    path: entryPath,
    values,
    metaKey: ownMeta ?? (underConfig || entriesKeepUnderConfig(file, 'meta') ? 'config.meta' : 'meta'),
    hasMetaKey: ownMeta !== undefined,
    tagsKey: ownTags ?? (underConfig || entriesKeepUnderConfig(file, 'tags') ? 'config.tags' : 'tags'),
    hasTagsKey: ownTags !== undefined,
    hasConfig: config !== undefined,
    meta: { ...asRecord(values['meta']), ...asRecord(config?.['meta']) },
    tags: [...new Set([...textList(values['tags']), ...textList(config?.['tags'])])],
    testsKey: testsKeyOf(values, fileTestsKey(file), dbtVersion),
  });
}
