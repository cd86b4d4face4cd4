import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import { YamlInputError, formatYamlPath } from './errors.js';
import { documentToJs } from './document-to-js.js';
import { parseYamlFile } from './parse-yaml-text.js';
import {
  asMap,
  asText,
  detectConfigHabits,
  readColumns,
  resolveVersionColumns,
  type ConfigHabits,
  type JsMap,
} from './read-yaml-columns.js';
import type { EntrySection, SchemaFile, YamlEntry, YamlPath } from './types.js';
import { lineAndColumn } from './yaml-diagnostic.js';

const SECTIONS: readonly EntrySection[] = ['models', 'seeds', 'snapshots', 'sources'];

/**
 * Reads the models, seeds, snapshots and source tables of one schema file. Other sections
 * (macros, exposures, metrics, semantic models…) are ignored. A versioned model yields one entry
 * per version. Values are read as dbt's PyYAML reads them (duplicate keys: the last one wins, noted
 * in `diagnostics`). Throws `YamlInputError` for invalid YAML and misshapen sections.
 */
export function readSchemaFile(path: string, text: string): SchemaFile {
  const { doc, diagnostics } = parseYamlFile(path, text);
  const root: unknown = documentToJs(doc);
  const file: SchemaFile = { path, text, entries: [], sections: {}, document: doc, diagnostics };
  if (root === null || root === undefined) return file;
  const fail = (at: YamlPath, problem: string): never => {
    throw new YamlInputError('yaml-shape', path, problem, positionOfPath(doc, text, at));
  };
  const top = asMap(root) ?? fail([], 'a schema file must be a mapping (`version: 2`, `models: …`)');
  const habits = detectConfigHabits(collectColumnLists(top));
  for (const section of SECTIONS) {
    if (!(section in top)) continue;
    const list = top[section];
    file.sections[section] = [section];
    if (list === null) continue;
    if (!Array.isArray(list)) fail([section], `'${section}' must be a list of entries, found ${describe(list)}`);
    (list as unknown[]).forEach((item, i) => {
      const entryPath = [section, i];
      const entry = asMap(item) ?? fail(entryPath, `${formatYamlPath(entryPath)} must be a mapping, found ${describe(item)}`);
      const name = asText(entry['name']) ?? fail(entryPath, `${formatYamlPath(entryPath)} has no 'name'`);
      if (section !== 'sources') return file.entries.push(...readEntries(section, name, entry, entryPath, habits, fail));
      const tables = entry['tables'] ?? [];
      if (!Array.isArray(tables)) fail([...entryPath, 'tables'], `'tables' of source '${name}' must be a list`);
      (tables as unknown[]).forEach((table, j) => {
        const tablePath = [...entryPath, 'tables', j];
        const tableMap = asMap(table) ?? fail(tablePath, `${formatYamlPath(tablePath)} must be a mapping`);
        const tableName = asText(tableMap['name']) ?? fail(tablePath, `${formatYamlPath(tablePath)} has no 'name'`);
        const [tableEntry] = readEntries('sources', tableName, tableMap, tablePath, habits, fail);
        if (tableEntry) file.entries.push({ ...tableEntry, sourceName: name });
      });
    });
  }
  return file;
}

type Fail = (at: YamlPath, problem: string) => never;

function readEntries(
  section: EntrySection,
  name: string,
  entry: JsMap,
  entryPath: YamlPath,
  habits: ConfigHabits,
  fail: Fail,
): YamlEntry[] {
  const columnsPath = [...entryPath, 'columns'];
  const columnList = entry['columns'];
  if (columnList !== undefined && columnList !== null && !Array.isArray(columnList)) {
    fail(columnsPath, `'columns' of '${name}' must be a list, found ${describe(columnList)}`);
  }
  const columns = readColumns(columnList, columnsPath, habits);
  const base: YamlEntry = { section, name, path: entryPath, columns, columnsPath };
  const description = asText(entry['description']);
  if (description !== undefined) base.description = description;
  const prefix = readColumnPrefix(entry);
  if (prefix !== undefined) base.columnPrefix = prefix;
  const versions = entry['versions'];
  if (section !== 'models' || !Array.isArray(versions) || versions.length === 0) return [base];
  return versions.map((item, k) => {
    const versionPath = [...entryPath, 'versions', k];
    const version = asMap(item) ?? fail(versionPath, `${formatYamlPath(versionPath)} must be a mapping`);
    const v = asText(version['v']) ?? fail(versionPath, `${formatYamlPath(versionPath)} has no 'v'`);
    const ownColumns = Array.isArray(version['columns']) ? version['columns'] : undefined;
    const ownColumnsPath = [...versionPath, 'columns'];
    const result: YamlEntry = {
      section,
      name,
      version: v,
      path: versionPath,
      columns: resolveVersionColumns(columns, ownColumns, ownColumnsPath, habits),
      columnsPath: ownColumns ? ownColumnsPath : columnsPath,
    };
    const versionDescription = asText(version['description']) ?? description;
    if (versionDescription !== undefined) result.description = versionDescription;
    const versionPrefix = readColumnPrefix(version) ?? prefix;
    if (versionPrefix !== undefined) result.columnPrefix = versionPrefix;
    return result;
  });
}

/** The column-name prefix osmosis (or dbt-osmosis) strips before matching upstream columns. */
function readColumnPrefix(entry: JsMap): string | undefined {
  const config = asMap(entry['config']);
  return (
    asText(config?.['osmosis_prefix']) ??
    asText(config?.['dbt_osmosis_prefix']) ??
    asText(asMap(entry['meta'])?.['dbt-osmosis-prefix']) ??
    asText(asMap(config?.['meta'])?.['dbt-osmosis-prefix'])
  );
}

/** All `columns` lists of the file (entries, source tables, versions), to learn its habits. */
function collectColumnLists(top: JsMap): unknown[] {
  const lists: unknown[] = [];
  const visitEntry = (entry: unknown): void => {
    const map = asMap(entry);
    if (!map) return;
    lists.push(map['columns']);
    if (Array.isArray(map['versions'])) map['versions'].forEach((v) => lists.push(asMap(v)?.['columns']));
    if (Array.isArray(map['tables'])) map['tables'].forEach(visitEntry);
  };
  for (const section of SECTIONS) {
    const list = top[section];
    if (Array.isArray(list)) list.forEach(visitEntry);
  }
  return lists;
}

function describe(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Line and column (1-based) of the node at `path`, for messages; aliases are followed, and a
 * path that goes missing stops at the last node found.
 */
export function positionOfPath(doc: Document, text: string, path: YamlPath): { line: number; column: number } | undefined {
  let node: unknown = doc.contents;
  for (const step of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    if (isMap(node)) next = node.items.findLast((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === step)?.value;
    else if (isSeq(node) && typeof step === 'number') next = node.items[step];
    if (next === undefined || next === null) break;
    node = next;
  }
  const offset = (node as Node | undefined)?.range?.[0];
  return offset === undefined ? undefined : lineAndColumn(text, offset);
}
