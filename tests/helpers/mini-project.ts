/**
 * Writes a small dbt project (dbt_project.yml, SQL, one schema.yml, target/manifest.json v12 and
 * catalog.json) from a compact spec, for tests that need a precise DAG.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

export interface MiniColumn {
  name: string;
  description?: string;
  type?: string;
}

export interface MiniModel {
  name: string;
  deps?: string[];
  description?: string;
  columns: MiniColumn[];
  /** Columns the catalog has that the YAML does not. */
  catalogOnly?: MiniColumn[];
  /** Leave the model out of schema.yml. */
  noYaml?: boolean;
  sql?: string;
}

export function writeMiniProject(models: MiniModel[], dir = mkdtempSync(path.join(tmpdir(), 'osmosis-mini-'))): string {
  mkdirSync(path.join(dir, 'models'), { recursive: true });
  mkdirSync(path.join(dir, 'target'), { recursive: true });
  for (const [file, text] of miniProjectFiles(models)) writeFileSync(path.join(dir, file), text);
  return dir;
}

/** The files of the mini project, by path relative to the project dir (for an in-memory file system). */
export function miniProjectFiles(models: MiniModel[]): Map<string, string> {
  const pkg = 'mini';
  const files = new Map<string, string>();
  files.set('dbt_project.yml', `name: ${pkg}\nversion: '1.0'\nconfig-version: 2\nprofile: mini\nmodel-paths: ["models"]\n`);
  const nodes: Record<string, unknown> = {};
  const catalog: Record<string, unknown> = {};
  for (const m of models) {
    const sql = m.sql ?? `select ${m.columns.map((c) => c.name).join(', ')}\nfrom ${(m.deps ?? ['raw']).map((d) => `{{ ref('${d}') }}`).join(' join ')}`;
    files.set(`models/${m.name}.sql`, sql);
    const id = `model.${pkg}.${m.name}`;
    nodes[id] = {
      unique_id: id,
      resource_type: 'model',
      name: m.name,
      package_name: pkg,
      path: `${m.name}.sql`,
      original_file_path: `models/${m.name}.sql`,
      patch_path: m.noYaml ? null : `${pkg}://models/schema.yml`,
      fqn: [pkg, m.name],
      depends_on: { macros: [], nodes: (m.deps ?? []).map((d) => `model.${pkg}.${d}`) },
      description: m.description ?? '',
      columns: Object.fromEntries(m.columns.map((c) => [c.name, { name: c.name, description: c.description ?? '', meta: {}, tags: [] }])),
      raw_code: sql,
      compiled_code: sql.replace(/\{\{ ref\('([^']+)'\) \}\}/g, 'analytics.$1'),
      relation_name: `analytics.${m.name}`,
      config: { enabled: true, materialized: 'view', meta: {}, tags: [] },
      tags: [],
      meta: {},
    };
    catalog[id] = {
      metadata: { type: 'VIEW', schema: 'analytics', name: m.name, database: 'db' },
      columns: Object.fromEntries([...m.columns, ...(m.catalogOnly ?? [])].map((c, i) => [c.name, { name: c.name, type: c.type ?? 'TEXT', index: i + 1, comment: null }])),
      unique_id: id,
    };
  }
  const schema = {
    version: 2,
    models: models
      .filter((m) => !m.noYaml)
      .map((m) => ({
        name: m.name,
        ...(m.description !== undefined ? { description: m.description } : {}),
        columns: m.columns.map((c) => ({ name: c.name, ...(c.description !== undefined ? { description: c.description } : {}) })),
      })),
  };
  files.set('models/schema.yml', stringify(schema));
  const manifest = {
    metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json', dbt_version: '1.9.0', project_name: pkg, adapter_type: 'postgres' },
    nodes,
    sources: {},
    docs: {},
    disabled: {},
  };
  files.set('target/manifest.json', JSON.stringify(manifest));
  files.set('target/catalog.json', JSON.stringify({ metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/catalog/v1.json' }, nodes: catalog, sources: {} }));
  return files;
}
