/**
 * Golden cases of the enrichment writer on real layouts (fixtures/enrich/SOURCE.txt), validated
 * against the dbt JSON schema (fixtures/dbt-jsonschema/): the written YAML has the shapes dbt
 * accepts, keeps every test, tag and PII meta it had, and a second plan changes nothing.
 * `UPDATE_GOLDEN=1` rewrites expected.yml (review the diff!).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ColumnEnrichment, NodeEnrichment } from '../../src/enrich/types.js';
import { makeNode } from '../graph/make-node.js';
import { dbtSchemaErrors } from './dbt-schema.js';
import { enrichment, planEnriched } from './plan-enriched.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
const CASES = path.join(FIXTURES, 'enrich');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

interface CaseFile {
  dbtVersion: string;
  /** The schema under fixtures/dbt-jsonschema/ that matches the file's style. */
  schema: string;
  nodes: Record<string, { purpose?: string; tags?: string[]; columns?: Record<string, ColumnEnrichment> }>;
}

const errorsOf = dbtSchemaErrors;

type Mapping = Record<string, unknown>;
const columnsOf = (doc: Mapping): Map<string, Mapping> => {
  const out = new Map<string, Mapping>();
  for (const model of (doc['models'] as Mapping[]) ?? []) {
    out.set(String(model['name']), model);
    for (const column of (model['columns'] as Mapping[]) ?? []) out.set(`${String(model['name'])}.${String(column['name'])}`, column);
  }
  return out;
};

/** Every test, tag and meta value a mapping had is still there (order kept, nothing replaced). */
function expectKept(before: Mapping, after: Mapping, where: string): void {
  for (const key of ['tests', 'data_tests', 'tags']) {
    const had = before[key];
    if (Array.isArray(had)) expect((after[key] as unknown[]).slice(0, had.length), `${where}.${key}`).toEqual(had);
  }
  const meta = (m: Mapping): Mapping => ({ ...(m['meta'] as Mapping), ...((m['config'] as Mapping | undefined)?.['meta'] as Mapping) });
  for (const [k, v] of Object.entries(meta(before))) expect(meta(after)[k], `${where}.meta.${k}`).toEqual(v);
  const configTags = (m: Mapping): unknown => (m['config'] as Mapping | undefined)?.['tags'];
  const had = configTags(before);
  if (Array.isArray(had)) expect((configTags(after) as unknown[]).slice(0, had.length), `${where}.config.tags`).toEqual(had);
}

function enrichmentsOf(spec: CaseFile): NodeEnrichment[] {
  return Object.entries(spec.nodes).map(([id, values]) => enrichment(id, values));
}

describe('enrichment writer: golden files valid against the dbt JSON schema', () => {
  for (const name of readdirSync(CASES).filter((n) => !n.includes('.'))) {
    it(name, () => {
      const dir = path.join(CASES, name);
      const input = readFileSync(path.join(dir, 'input.yml'), 'utf8');
      const spec = JSON.parse(readFileSync(path.join(dir, 'enrichment.json'), 'utf8')) as CaseFile;
      const nodes = Object.keys(spec.nodes).map((id) => makeNode(id));
      const out = planEnriched(input, nodes, enrichmentsOf(spec), { dbtVersion: spec.dbtVersion });
      if (UPDATE) writeFileSync(path.join(dir, 'expected.yml'), out);
      expect(out).toBe(readFileSync(path.join(dir, 'expected.yml'), 'utf8'));
      expect(out).not.toBe(input);
      expect(errorsOf(spec.schema, input), 'the input itself').toEqual([]);
      expect(errorsOf(spec.schema, out)).toEqual([]);
      const before = columnsOf(parse(input) as Mapping);
      const after = columnsOf(parse(out) as Mapping);
      for (const [where, mapping] of before) expectKept(mapping, after.get(where) ?? {}, where);
      expect(planEnriched(out, nodes, enrichmentsOf(spec), { dbtVersion: spec.dbtVersion }), 'a second plan').toBe(out);
    });
  }

  it('the schemas tell test shapes apart: Core reads top-level arguments, Fusion only `arguments:`', () => {
    const yaml = (test: string): string => `version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: status\n        data_tests:\n${test}`;
    const topLevel = yaml('          - accepted_values:\n              values: [placed]\n');
    const nested = yaml('          - accepted_values:\n              arguments:\n                values: [placed]\n');
    expect(errorsOf('dbt_yml_files-latest.json', topLevel)).toEqual([]);
    expect(errorsOf('dbt_yml_files-latest.json', yaml('          not_null\n')).join('\n')).toMatch(/data_tests must be array/);
    // Fusion (not dbt Core 1.8 to 1.11) wants `arguments:`, which dbt 1.8 and 1.9 would pass to
    // the test macro as an unknown keyword: the writer keeps the top-level shape (test-shapes.ts).
    expect(errorsOf('dbt_yml_files-latest-fusion.json', topLevel).join('\n')).toMatch(/must NOT have additional properties/);
    expect(errorsOf('dbt_yml_files-latest-fusion.json', nested)).toEqual([]);
  });
});
