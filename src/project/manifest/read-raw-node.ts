import type { RawManifestNode } from './manifest-schema.js';

/*
 * The common case of manifestNodeSchema, checked by hand. zod copies every node it validates
 * (10,000 nodes with their configs on a large project), which was most of the manifest's
 * reading time and garbage. This reads a node whose every field has one of the shapes the schema
 * accepts and returns what the schema would give for it; for anything else it returns undefined,
 * and the caller asks zod, which gives the same result or the error message. So this can only
 * be narrower than the schema, never wider (tests/project/manifest/read-raw-node.test.ts compares both).
 */

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NULLISH_STRINGS = ['patch_path', 'raw_code', 'raw_sql', 'compiled_code', 'compiled_sql', 'relation_name', 'database', 'schema', 'alias', 'identifier', 'source_name'] as const;

function nullishString(value: unknown): boolean {
  return value == null || typeof value === 'string';
}

function nullishRecord(value: unknown): boolean {
  return value == null || isRecord(value);
}

function nullishArray(value: unknown): boolean {
  return value == null || Array.isArray(value);
}

/** The schema's `stringish`: a string, a number or nothing, as a string or undefined. */
function stringish(value: unknown): string | undefined | false {
  if (value == null) return undefined;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return false;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
}

function keep(value: unknown): string | null | undefined {
  return value as string | null | undefined;
}

/** manifestNodeSchema's output for `value`, or undefined when the schema has to decide. */
export function readRawNode(value: unknown): RawManifestNode | undefined {
  if (!isRecord(value)) return undefined;
  const { unique_id: uniqueId, resource_type: resourceType, name, package_name: packageName } = value;
  if (typeof uniqueId !== 'string' || typeof resourceType !== 'string' || typeof name !== 'string' || typeof packageName !== 'string') return undefined;
  if (!nullishString(value['original_file_path']) || !nullishString(value['description'])) return undefined;
  for (const key of NULLISH_STRINGS) if (!nullishString(value[key])) return undefined;
  const dependsOn = value['depends_on'];
  if (!nullishRecord(dependsOn) || (isRecord(dependsOn) && !nullishArray(dependsOn['nodes']))) return undefined;
  const { columns, meta, config, fqn, tags } = value;
  if (!nullishRecord(columns) || !nullishRecord(meta) || !nullishArray(fqn) || !nullishArray(tags)) return undefined;
  if (!nullishRecord(config) || (isRecord(config) && !nullishRecord(config['meta']))) return undefined;
  const version = stringish(value['version']);
  const latestVersion = stringish(value['latest_version']);
  if (version === false || latestVersion === false) return undefined;
  const configRecord = isRecord(config) ? config : undefined;
  return {
    unique_id: uniqueId,
    resource_type: resourceType,
    name,
    package_name: packageName,
    original_file_path: (value['original_file_path'] as string | null | undefined) ?? '',
    patch_path: keep(value['patch_path']),
    depends_on: isRecord(dependsOn) ? strings(dependsOn['nodes']) : [],
    description: (value['description'] as string | null | undefined) ?? '',
    columns: (columns as Json | null | undefined) ?? {},
    raw_code: keep(value['raw_code']),
    raw_sql: keep(value['raw_sql']),
    compiled_code: keep(value['compiled_code']),
    compiled_sql: keep(value['compiled_sql']),
    relation_name: keep(value['relation_name']),
    database: keep(value['database']),
    schema: keep(value['schema']),
    alias: keep(value['alias']),
    identifier: keep(value['identifier']),
    source_name: keep(value['source_name']),
    version,
    latest_version: latestVersion,
    fqn: strings(fqn),
    tags: strings(tags),
    meta: (meta as Json | null | undefined) ?? {},
    config: configRecord === undefined ? {} : { ...configRecord, meta: (configRecord['meta'] as Json | null | undefined) ?? {} },
  };
}
