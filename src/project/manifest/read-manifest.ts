import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { DbtNode, GraphResourceType, Manifest, ManifestColumn } from './types.js';
import { manifestColumnSchema, manifestEnvelopeSchema, manifestNodeSchema, type RawManifestNode } from './manifest-schema.js';
import { readJsonArtifact } from './json-artifact.js';
import { readRawNode } from './read-raw-node.js';

/** Manifest schema versions this reader understands (Fusion writes v20). */
export const SUPPORTED_MANIFEST_VERSIONS: ReadonlySet<number> = new Set([4, 5, 6, 7, 8, 9, 10, 11, 12, 20]);

const GRAPH_TYPES: ReadonlySet<string> = new Set(['model', 'seed', 'snapshot', 'source']);

/** Describes the first zod issue as "at <path>: <message>". */
function describeIssue(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  if (!issue) return prefix;
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  return `at ${path}: ${issue.message}`;
}

function schemaVersionOf(url: string, file: string): number {
  const match = /manifest\/v(\d+)(?:\.json)?/i.exec(url) ?? /^v?(\d+)$/.exec(url);
  const version = match ? Number(match[1]) : NaN;
  if (!SUPPORTED_MANIFEST_VERSIONS.has(version)) {
    throw new InputError(
      'manifest-version',
      `${file}: unsupported manifest schema version '${url}' (metadata.dbt_schema_version); ` +
        `osmosis-ts reads v4 to v12 (dbt 1.0 to 1.11) and Fusion's v20. Regenerate it with a supported dbt.`,
      { file },
    );
  }
  return version;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Columns are most of a manifest (tens of thousands on a large project), so they are checked by
 * hand; zod reports the shape error when one is wrong.
 */
function columnOf(value: unknown): ManifestColumn | undefined {
  if (!isRecord(value) || typeof value['name'] !== 'string') return undefined;
  const description = value['description'];
  const dataType = value['data_type'];
  const meta = value['meta'];
  const tags = value['tags'];
  const config = value['config'];
  if ((description != null && typeof description !== 'string') || (dataType != null && typeof dataType !== 'string')) return undefined;
  if ((meta != null && !isRecord(meta)) || (tags != null && !Array.isArray(tags)) || (config != null && !isRecord(config))) return undefined;
  const configMeta = isRecord(config) && isRecord(config['meta']) ? config['meta'] : {};
  const configTags = isRecord(config) ? stringsOf(config['tags']) : [];
  return {
    name: value['name'],
    description: typeof description === 'string' ? description : '',
    ...(typeof dataType === 'string' && dataType !== '' ? { dataType } : {}),
    meta: { ...(isRecord(meta) ? meta : {}), ...configMeta },
    tags: [...new Set([...stringsOf(tags), ...configTags])],
  };
}

function columnsOf(raw: RawManifestNode, file: string): ManifestColumn[] {
  const columns: ManifestColumn[] = [];
  for (const [key, value] of Object.entries(raw.columns)) {
    const column = columnOf(value);
    if (column) {
      columns.push(column);
      continue;
    }
    const parsed = manifestColumnSchema.safeParse(value);
    const problem = parsed.success ? 'unexpected shape' : describeIssue(parsed.error, 'columns.' + key);
    throw new InputError('manifest-shape', `${file}: node ${raw.unique_id}, column '${key}' ${problem}`, { file });
  }
  return columns;
}

function prefixOf(raw: RawManifestNode, meta: Record<string, unknown>): string | undefined {
  const candidates = [raw.config['osmosis_prefix'], raw.config['dbt_osmosis_prefix'], meta['dbt-osmosis-prefix'], meta['osmosis_prefix']];
  const found = candidates.find((v): v is string => typeof v === 'string' && v.length > 0);
  return found;
}

function toNode(raw: RawManifestNode, file: string): DbtNode {
  const configMeta = raw.config.meta ?? {};
  const meta = { ...raw.meta, ...configMeta };
  const configTags = Array.isArray(raw.config.tags) ? raw.config.tags.filter((t): t is string => typeof t === 'string') : [];
  const node: DbtNode = {
    uniqueId: raw.unique_id,
    resourceType: raw.resource_type as GraphResourceType,
    name: raw.name,
    packageName: raw.package_name,
    originalFilePath: raw.original_file_path,
    dependsOn: raw.depends_on,
    description: raw.description,
    columns: columnsOf(raw, file),
    fqn: raw.fqn,
    tags: [...new Set([...raw.tags, ...configTags])],
    meta,
  };
  const optional: Partial<DbtNode> = {
    version: raw.version,
    latestVersion: raw.latest_version,
    sourceName: raw.source_name ?? undefined,
    patchPath: raw.patch_path ?? undefined,
    rawCode: raw.raw_code ?? raw.raw_sql ?? undefined,
    compiledCode: raw.compiled_code ?? raw.compiled_sql ?? undefined,
    relationName: raw.relation_name ?? undefined,
    database: raw.database ?? undefined,
    schema: raw.schema ?? undefined,
    alias: raw.alias ?? raw.identifier ?? undefined,
    materialized: typeof raw.config.materialized === 'string' ? raw.config.materialized : undefined,
    columnPrefix: prefixOf(raw, meta),
    osmosisRoute: typeof raw.config['dbt-osmosis'] === 'string' ? raw.config['dbt-osmosis'] : undefined,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (node as unknown as Record<string, unknown>)[key] = value;
  }
  return node;
}

/** zod's reading of a node the hand check (read-raw-node.ts) left to it, or its error. */
function validateNode(value: unknown, section: string, id: string, file: string): RawManifestNode {
  const parsed = manifestNodeSchema.safeParse(value);
  if (!parsed.success) {
    throw new InputError('manifest-shape', `${file}: ${section}.${id} ${describeIssue(parsed.error, '')}`.replace(/ at :/, ':'), { file });
  }
  return parsed.data;
}

function readNodeMap(entries: Iterable<[string, unknown]>, section: string, file: string, into: Map<string, DbtNode>): void {
  // Each raw node is read as its turn comes and dropped once converted (json-artifact.ts).
  for (const [id, value] of entries) {
    const type = (value as { resource_type?: unknown } | null)?.resource_type;
    if (typeof type !== 'string' || !GRAPH_TYPES.has(type)) continue;
    const raw = readRawNode(value) ?? validateNode(value, section, id, file);
    const enabled = raw.config.enabled;
    if (enabled === false || enabled === 'false' || enabled === 'False') continue;
    into.set(id, toNode(raw, file));
  }
}

/** Parses manifest text (v4 to v12, Fusion v20) into the normalized view. `file` names it in errors. */
export function parseManifest(text: string, file: string): Manifest {
  const json = readJsonArtifact(text, file, 'manifest');
  // The envelope is checked with each section's shape; the nodes are read one at a time below.
  const envelope = manifestEnvelopeSchema.safeParse(
    json.isObject ? { metadata: json.member('metadata'), nodes: json.shallow('nodes'), sources: json.shallow('sources'), docs: json.shallow('docs') } : json.root,
  );
  if (!envelope.success) {
    throw new InputError('manifest-shape', `${file}: not a dbt manifest ${describeIssue(envelope.error, '')}`.replace(/ at :/, ':'), { file });
  }
  const { metadata } = envelope.data;
  const schemaVersion = schemaVersionOf(metadata.dbt_schema_version, file);
  const nodes = new Map<string, DbtNode>();
  readNodeMap(json.entries('nodes'), 'nodes', file, nodes);
  readNodeMap(json.entries('sources'), 'sources', file, nodes);
  const docs = new Map<string, string>();
  for (const [id, doc] of json.entries('docs')) {
    const contents = (doc as { block_contents?: unknown } | null)?.block_contents;
    if (typeof contents === 'string') docs.set(id, contents);
  }
  // The sections no step reads (macros, parent and child maps...) must be valid JSON too.
  json.checkRest();
  return {
    schemaVersion,
    nodes,
    docs,
    path: file,
    ...(metadata.dbt_version ? { dbtVersion: metadata.dbt_version } : {}),
    ...(metadata.project_name ? { projectName: metadata.project_name } : {}),
    ...(metadata.adapter_type ? { adapterType: metadata.adapter_type } : {}),
  };
}
