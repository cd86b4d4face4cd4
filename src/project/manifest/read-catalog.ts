import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { Catalog, CatalogColumn } from './types.js';
import { readJsonArtifact } from './json-artifact.js';
import { readCatalogTable } from './read-catalog-table.js';

const catalogColumnSchema = z.object({
  name: z.string(),
  type: z.string().nullish(),
  index: z.number().nullish(),
  comment: z.string().nullish(),
});

const catalogTableSchema = z.object({
  columns: z.record(z.string(), z.unknown()).nullish(),
});

const catalogSchema = z.object({
  metadata: z.object({ dbt_schema_version: z.string().nullish() }).passthrough().nullish(),
  nodes: z.record(z.string(), z.unknown()).nullish(),
  sources: z.record(z.string(), z.unknown()).nullish(),
});

/**
 * The columns of one catalog table through the zod schemas, in index order; throws the
 * `catalog-shape` error naming the table or column that does not fit.
 */
export function parseCatalogTable(value: unknown, where: string, file: string): CatalogColumn[] {
  const table = catalogTableSchema.safeParse(value);
  if (!table.success) {
    throw new InputError('catalog-shape', `${file}: ${where}: ${table.error.issues[0]?.message ?? 'invalid'}`, { file });
  }
  const columns: CatalogColumn[] = [];
  for (const [key, raw] of Object.entries(table.data.columns ?? {})) {
    const parsed = catalogColumnSchema.safeParse(raw);
    if (!parsed.success) {
      throw new InputError('catalog-shape', `${file}: ${where}.columns.${key}: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { file });
    }
    const c = parsed.data;
    columns.push({
      name: c.name,
      type: c.type ?? '',
      index: c.index ?? columns.length + 1,
      ...(c.comment ? { comment: c.comment } : {}),
    });
  }
  columns.sort((a, b) => a.index - b.index);
  return columns;
}

function readTables(entries: Iterable<[string, unknown]>, section: string, file: string, into: Map<string, CatalogColumn[]>): void {
  // Each raw table is read as its turn comes and dropped once converted (json-artifact.ts).
  for (const [id, value] of entries) {
    // The hand check takes the common case; zod decides the rest and words every error.
    into.set(id, readCatalogTable(value) ?? parseCatalogTable(value, `${section}.${id}`, file));
  }
}

/** Parses catalog.json text into columns per unique id, in catalog order. */
export function parseCatalog(text: string, file: string): Catalog {
  const json = readJsonArtifact(text, file, 'catalog');
  const parsed = catalogSchema.safeParse(json.isObject ? { metadata: json.member('metadata'), nodes: json.shallow('nodes'), sources: json.shallow('sources') } : json.root);
  if (!parsed.success || (parsed.data.nodes == null && parsed.data.sources == null)) {
    throw new InputError('catalog-shape', `${file}: not a dbt catalog (expected 'nodes' and 'sources' objects)`, { file });
  }
  const nodes = new Map<string, CatalogColumn[]>();
  readTables(json.entries('nodes'), 'nodes', file, nodes);
  readTables(json.entries('sources'), 'sources', file, nodes);
  // The sections no step reads must be valid JSON too.
  json.checkRest();
  return { nodes, path: file };
}
