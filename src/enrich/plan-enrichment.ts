import type { ColumnDoc } from '../inheritance/doc-state.js';
import type { SchemaFile, YamlEdit, YamlEntry } from '../yaml/types.js';
import { columnPlacement, columnTarget, defaultTestsKey, enrichTargetEdits, entryTarget, fileTestsKey, type ProjectHabits } from './enrich-target.js';
import { renderTest } from './test-shapes.js';
import type { ColumnEnrichment, EnrichKeys, NodeEnrichment } from './types.js';

/** `--enrich-apply`: what the YAML plan writes besides descriptions. */
export interface EnrichPlan {
  byNode: ReadonlyMap<string, NodeEnrichment>;
  keys: EnrichKeys;
  /** The manifest's `metadata.dbt_version`: picks `data_tests` or `tests` for a file with neither. */
  dbtVersion?: string;
  /** Whether the project's columns keep meta and tags under `config`, for files with no habit. */
  projectHabits?: ProjectHabits;
}

/** A node's enrichment of one column (names compared case-insensitively, as dbt does). */
export function columnEnrichment(enrichment: NodeEnrichment | undefined, name: string): ColumnEnrichment | undefined {
  if (!enrichment) return undefined;
  const exact = enrichment.columns.get(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  for (const [key, value] of enrichment.columns) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** The PII meta keys of a column, unless it already has the flag (a person's call stands). */
export function piiMeta(pii: ColumnEnrichment['pii'], meta: Readonly<Record<string, unknown>>, keys: EnrichKeys): Record<string, unknown> {
  if (!pii || keys.piiFlag in meta) return {};
  return { [keys.piiFlag]: true, ...(keys.piiCategory in meta ? {} : { [keys.piiCategory]: pii.category }) };
}

/**
 * The column as the plan writes it: PII meta and tags merged in, so they go where the planner puts
 * the column's meta and tags (the column's keys, `config` where the file keeps them there).
 * Returns the column itself when there is nothing to add.
 */
export function enrichColumnDoc(column: ColumnDoc, values: ColumnEnrichment | undefined, keys: EnrichKeys, file?: SchemaFile, project?: ProjectHabits): ColumnDoc {
  if (!values) return column;
  const meta = piiMeta(values.pii, column.meta, keys);
  const tags = (values.tags ?? []).filter((t) => !column.tags.includes(t));
  if (Object.keys(meta).length === 0 && tags.length === 0) return column;
  const yaml = column.yaml ? { yaml: columnPlacement(column.yaml, file, project) } : {};
  return { ...column, ...yaml, meta: { ...column.meta, ...meta }, tags: [...column.tags, ...new Set(tags)] };
}

/** The tests key of a new column or entry in `file` (undefined: a new file). */
export function newTestsKey(file: SchemaFile | undefined, plan: EnrichPlan): 'data_tests' | 'tests' {
  return (file && fileTestsKey(file)) ?? defaultTestsKey(plan.dbtVersion);
}

/** The tests of a new column mapping, under the key the file uses. */
export function newColumnTests(values: ColumnEnrichment | undefined, file: SchemaFile | undefined, plan: EnrichPlan): Record<string, unknown> {
  const tests = values?.tests ?? [];
  if (tests.length === 0) return {};
  // Two suggestions of one test would be one test twice.
  const rendered = [...new Map(tests.map((t) => [JSON.stringify(renderTest(t)), renderTest(t)])).values()];
  return { [newTestsKey(file, plan)]: rendered };
}

/** Tests added to an existing YAML column. */
export function columnTestEdits(column: ColumnDoc, values: ColumnEnrichment | undefined, file: SchemaFile | undefined, plan: EnrichPlan): YamlEdit[] {
  if (!column.yaml || !file || !values?.tests?.length) return [];
  return enrichTargetEdits(columnTarget(column.yaml, file, plan.dbtVersion, plan.projectHabits), { tests: values.tests }).edits;
}

/** Node tags and the business purpose, added to an existing entry. */
export function entryEnrichEdits(entry: YamlEntry, enrichment: NodeEnrichment | undefined, file: SchemaFile | undefined, plan: EnrichPlan): YamlEdit[] {
  if (!enrichment || !file) return [];
  const target = entryTarget(entry.path, file, plan.dbtVersion);
  const meta = enrichment.purpose !== undefined ? { [plan.keys.purpose]: enrichment.purpose } : {};
  return enrichTargetEdits(target, { meta, tags: enrichment.tags ?? [] }).edits;
}

/** Node tags and the business purpose of a new entry (a model, seed or snapshot: under `config`, see entryTarget). */
export function newEntryEnrichment(enrichment: NodeEnrichment | undefined, plan: EnrichPlan): Record<string, unknown> {
  if (!enrichment) return {};
  const tags = [...new Set(enrichment.tags ?? [])];
  const config = {
    ...(enrichment.purpose !== undefined ? { meta: { [plan.keys.purpose]: enrichment.purpose } } : {}),
    ...(tags.length > 0 ? { tags } : {}),
  };
  return Object.keys(config).length > 0 ? { config } : {};
}
