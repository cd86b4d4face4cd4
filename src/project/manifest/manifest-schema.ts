import { z } from 'zod';

/**
 * Lenient zod schemas for the parts of manifest.json that osmosis-ts reads, across v4 to v12 and
 * Fusion. Unknown keys are ignored; optional parts may be absent or null.
 */

const stringish = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? undefined : String(v)));

const record = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((v) => v ?? {});

const stringList = z
  .array(z.unknown())
  .nullish()
  .transform((v) => (v ?? []).filter((x): x is string => typeof x === 'string'));

export const manifestColumnSchema = z.object({
  name: z.string(),
  description: z.string().nullish().transform((v) => v ?? ''),
  data_type: z.string().nullish(),
  meta: record,
  tags: stringList,
  config: z.object({ meta: record, tags: stringList }).partial().nullish(),
});

export const manifestNodeSchema = z.object({
  unique_id: z.string(),
  resource_type: z.string(),
  name: z.string(),
  package_name: z.string(),
  original_file_path: z.string().nullish().transform((v) => v ?? ''),
  patch_path: z.string().nullish(),
  depends_on: z
    .object({ nodes: stringList })
    .partial()
    .nullish()
    .transform((v) => v?.nodes ?? []),
  description: z.string().nullish().transform((v) => v ?? ''),
  columns: z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((v) => v ?? {}),
  raw_code: z.string().nullish(),
  raw_sql: z.string().nullish(),
  compiled_code: z.string().nullish(),
  compiled_sql: z.string().nullish(),
  relation_name: z.string().nullish(),
  database: z.string().nullish(),
  schema: z.string().nullish(),
  alias: z.string().nullish(),
  identifier: z.string().nullish(),
  source_name: z.string().nullish(),
  version: stringish,
  latest_version: stringish,
  fqn: stringList,
  tags: stringList,
  meta: record,
  config: z
    .object({ enabled: z.unknown(), materialized: z.unknown(), meta: record, tags: z.unknown() })
    .partial()
    .passthrough()
    .nullish()
    .transform((v) => v ?? {}),
});

export type RawManifestNode = z.infer<typeof manifestNodeSchema>;

export const manifestEnvelopeSchema = z.object({
  metadata: z.object({
    dbt_schema_version: z.string(),
    dbt_version: z.string().nullish(),
    project_name: z.string().nullish(),
    adapter_type: z.string().nullish(),
  }),
  nodes: z.record(z.string(), z.unknown()),
  sources: z.record(z.string(), z.unknown()).nullish(),
  docs: z.record(z.string(), z.unknown()).nullish(),
});
