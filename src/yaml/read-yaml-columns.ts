import type { YamlColumn, YamlPath } from './types.js';

/** A parsed YAML mapping (after aliases and merge keys are resolved). */
export type JsMap = Record<string, unknown>;

export function asMap(value: unknown): JsMap | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsMap) : undefined;
}

/** Strings as written; numbers and booleans as text (a `description: 42` is still a description). */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** dbt accepts `tags: x` as well as `tags: [x, y]`. */
function asTextList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(asText).filter((t): t is string => t !== undefined);
  const single = asText(value);
  return single === undefined ? [] : [single];
}

/** Whether a file keeps column tags / meta under `config` (dbt 1.10+ style), so new ones go there too. */
export interface ConfigHabits {
  tagsUnderConfig: boolean;
  metaUnderConfig: boolean;
}

export function detectConfigHabits(columnLists: readonly unknown[]): ConfigHabits {
  const habits = { tagsUnderConfig: false, metaUnderConfig: false };
  for (const list of columnLists) {
    if (!Array.isArray(list)) continue;
    for (const column of list) {
      const config = asMap(asMap(column)?.['config']);
      if (config && 'tags' in config) habits.tagsUnderConfig = true;
      if (config && 'meta' in config) habits.metaUnderConfig = true;
    }
  }
  return habits;
}

/** A column mapping → `YamlColumn`; undefined for items that are not named mappings (skipped). */
export function readColumn(value: unknown, path: YamlPath, habits: ConfigHabits): YamlColumn | undefined {
  const column = asMap(value);
  const name = asText(column?.['name']);
  if (!column || name === undefined) return undefined;
  const config = asMap(column['config']);
  // Most columns have no tags: no Set and no copies for them.
  const tags = column['tags'] === undefined && config?.['tags'] === undefined ? [] : [...new Set([...asTextList(column['tags']), ...asTextList(config?.['tags'])])];
  const meta = { ...asMap(column['meta']), ...asMap(config?.['meta']) };
  const ownTagsKey = config && 'tags' in config ? 'config.tags' : 'tags' in column ? 'tags' : undefined;
  const ownMetaKey = config && 'meta' in config ? 'config.meta' : 'meta' in column ? 'meta' : undefined;
  const result: YamlColumn = {
    name,
    tags,
    meta,
    path,
    tagsKey: ownTagsKey ?? (habits.tagsUnderConfig ? 'config.tags' : 'tags'),
    metaKey: ownMetaKey ?? (habits.metaUnderConfig ? 'config.meta' : 'meta'),
    hasTagsKey: ownTagsKey !== undefined,
    hasMetaKey: ownMetaKey !== undefined,
    hasConfig: config !== undefined,
    values: column,
  };
  const description = asText(column['description']);
  if (description !== undefined) result.description = description;
  const dataType = asText(column['data_type']);
  if (dataType !== undefined) result.dataType = dataType;
  return result;
}

/** Every named column of a `columns` list, with its path. */
export function readColumns(list: unknown, listPath: YamlPath, habits: ConfigHabits): YamlColumn[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item, i) => readColumn(item, [...listPath, i], habits) ?? []);
}

/**
 * A model version's effective columns: the top-level columns its `include`/`exclude` item selects
 * (all when it has none, as in dbt), each replaced by the version's own column of that name, then
 * the version's columns that are not top-level ones.
 */
export function resolveVersionColumns(
  topLevel: readonly YamlColumn[],
  versionColumns: unknown,
  versionColumnsPath: YamlPath,
  habits: ConfigHabits,
): YamlColumn[] {
  const items = Array.isArray(versionColumns) ? versionColumns : [];
  const rule = items.map(asMap).find((item) => item !== undefined && 'include' in item);
  const include = rule?.['include'];
  const included =
    include === undefined || include === 'all' || include === '*'
      ? undefined
      : new Set(asTextList(include).map((n) => n.toLowerCase()));
  const excluded = new Set(asTextList(rule?.['exclude']).map((n) => n.toLowerCase()));
  const own = readColumns(items, versionColumnsPath, habits);
  const ownByName = new Map(own.map((c) => [c.name.toLowerCase(), c]));
  const result: YamlColumn[] = [];
  for (const column of topLevel) {
    const key = column.name.toLowerCase();
    const override = ownByName.get(key);
    if (override) {
      result.push(override);
      ownByName.delete(key);
    } else if ((included === undefined || included.has(key)) && !excluded.has(key)) {
      result.push(column);
    }
  }
  return [...result, ...ownByName.values()];
}
