// manifest.json (v12 shape) and catalog.json (v1 shape) for a plan from synth-plan.mjs.
import { columnType } from './synth-plan.mjs';

const DATABASE = 'synth_db';
const CREATED_AT = 1700000000;

function manifestColumns(columns) {
  const out = {};
  for (const c of columns) {
    if (c.state === 'missing') continue;
    out[c.name] = { name: c.name, description: c.description, meta: {}, data_type: null, constraints: [], quote: null, tags: [], granularity: null };
  }
  return out;
}

function nodeConfig(materialized, tags) {
  return {
    enabled: true, alias: null, schema: null, database: null, tags, meta: {}, group: null, materialized,
    incremental_strategy: null, persist_docs: {}, 'post-hook': [], 'pre-hook': [], quoting: {}, column_types: {},
    full_refresh: null, unique_key: null, on_schema_change: 'ignore', on_configuration_change: 'apply', grants: {},
    packages: [], docs: { show: true, node_color: null }, contract: { enforced: false, alias_types: true }, access: 'protected',
  };
}

function modelNode(model, plan, paths) {
  const schema = `synth_${model.layer}`;
  const refs = model.parents.filter((p) => p.startsWith('model.')).map((p) => ({ name: plan.byId.get(p).name, package: null, version: null }));
  const sources = model.parents.filter((p) => p.startsWith('source.')).map((p) => [plan.byId.get(p).sourceName, plan.byId.get(p).name]);
  return {
    database: DATABASE, schema, name: model.name, resource_type: 'model', package_name: 'synth',
    path: paths.sql.replace(/^models\//, ''), original_file_path: paths.sql, unique_id: model.uniqueId,
    fqn: ['synth', ...paths.sql.replace(/^models\//, '').replace(/\.sql$/, '').split('/')],
    alias: model.name, checksum: { name: 'sha256', checksum: '0'.repeat(64) },
    config: nodeConfig(model.materialized, model.tags), tags: model.tags, description: model.description,
    columns: manifestColumns(model.columns), meta: {}, group: null, docs: { show: true, node_color: null },
    patch_path: paths.yaml === undefined ? null : `synth://${paths.yaml}`, build_path: null, unrendered_config: { materialized: model.materialized },
    created_at: CREATED_AT, relation_name: model.materialized === 'ephemeral' ? null : `"${DATABASE}"."${schema}"."${model.name}"`,
    raw_code: paths.rawCode, language: 'sql', refs, sources, metrics: [],
    depends_on: { macros: model.layer === 'marts' ? ['macro.synth.cents'] : [], nodes: model.parents },
    compiled_path: `target/compiled/synth/${paths.sql}`, compiled: true, compiled_code: paths.compiledCode,
    extra_ctes_injected: true, extra_ctes: [], contract: { enforced: false, alias_types: true, checksum: null },
    access: 'protected', constraints: [], version: null, latest_version: null, deprecation_date: null,
  };
}

function sourceNode(source, yamlPath) {
  const schema = `raw_${source.sourceName}`;
  return {
    database: DATABASE, schema, name: source.name, resource_type: 'source', package_name: 'synth',
    path: yamlPath, original_file_path: yamlPath, unique_id: source.uniqueId,
    fqn: ['synth', 'sources', source.sourceName, source.name], source_name: source.sourceName,
    source_description: '', loader: '', identifier: source.name, quoting: { database: null, schema: null, identifier: null, column: null },
    loaded_at_field: null, freshness: { warn_after: { count: null, period: null }, error_after: { count: null, period: null }, filter: null },
    external: null, description: source.description, columns: manifestColumns(source.columns), meta: {}, source_meta: {},
    tags: [], config: { enabled: true, event_time: null }, patch_path: null, unrendered_config: {},
    relation_name: `"${DATABASE}"."${schema}"."${source.name}"`, created_at: CREATED_AT,
  };
}

/** A not_null test on the first column of every 10th model: edges the graph must ignore. */
function testNode(model, index) {
  const column = model.columns[0]?.name ?? 'id';
  const name = `not_null_${model.name}_${column}`;
  return {
    database: DATABASE, schema: 'synth_dbt_test__audit', name, resource_type: 'test', package_name: 'synth',
    path: `${name}.sql`, original_file_path: `models/${model.layer}/schema.yml`, unique_id: `test.synth.${name}.${index.toString(16).padStart(10, '0')}`,
    fqn: ['synth', model.layer, name], alias: name, checksum: { name: 'none', checksum: '' },
    config: { enabled: true, materialized: 'test', severity: 'ERROR', tags: [], meta: {} }, tags: [], description: '', columns: {},
    meta: {}, raw_code: '{{ test_not_null(**_dbt_generic_test_kwargs) }}', language: 'sql', refs: [{ name: model.name, package: null, version: null }],
    sources: [], metrics: [], depends_on: { macros: ['macro.dbt.test_not_null'], nodes: [model.uniqueId] }, column_name: column,
    test_metadata: { name: 'not_null', kwargs: { column_name: column, model: `{{ get_where_subquery(ref('${model.name}')) }}` }, namespace: null },
    attached_node: model.uniqueId, file_key_name: `models.${model.name}`, created_at: CREATED_AT,
  };
}

/** `files` maps a model's unique id to {sql, yaml, rawCode, compiledCode}; `sourceYaml` a source's to its YAML path. */
export function buildManifest(plan, files, sourceYaml) {
  const nodes = {};
  const parentMap = {};
  const childMap = {};
  const sources = {};
  for (const s of plan.sources) {
    sources[s.uniqueId] = sourceNode(s, sourceYaml.get(s.uniqueId));
    parentMap[s.uniqueId] = [];
    childMap[s.uniqueId] = [];
  }
  plan.models.forEach((m, i) => {
    nodes[m.uniqueId] = modelNode(m, plan, files.get(m.uniqueId));
    parentMap[m.uniqueId] = [...m.parents];
    childMap[m.uniqueId] = [];
    for (const p of m.parents) childMap[p].push(m.uniqueId);
    if (i % 10 === 0) {
      const test = testNode(m, i);
      nodes[test.unique_id] = test;
      parentMap[test.unique_id] = [m.uniqueId];
      childMap[test.unique_id] = [];
      childMap[m.uniqueId].push(test.unique_id);
    }
  });
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json', dbt_version: '1.9.4',
      generated_at: '2024-01-01T00:00:00.000000Z', invocation_id: '00000000-0000-0000-0000-000000000000',
      env: {}, project_name: 'synth', project_id: '0'.repeat(32), user_id: null, send_anonymous_usage_stats: false, adapter_type: 'duckdb',
    },
    nodes, sources,
    macros: { 'macro.synth.cents': { name: 'cents', resource_type: 'macro', package_name: 'synth', path: 'macros/cents.sql', original_file_path: 'macros/cents.sql', unique_id: 'macro.synth.cents', macro_sql: '{% macro cents(x) %}({{ x }} / 100.0){% endmacro %}', depends_on: { macros: [] }, description: '', meta: {}, docs: { show: true, node_color: null }, patch_path: null, arguments: [], created_at: CREATED_AT, supported_languages: null } },
    docs: {}, exposures: {}, metrics: {}, groups: {}, selectors: {}, disabled: {},
    parent_map: parentMap, child_map: childMap, group_map: {}, saved_queries: {}, semantic_models: {}, unit_tests: {},
  };
}

function catalogEntry(uniqueId, schema, name, type, columns) {
  const cols = {};
  columns.forEach((c, index) => {
    cols[c.name] = { type: columnType(c.name), index: index + 1, name: c.name, comment: null };
  });
  return {
    metadata: { type, schema, name, database: DATABASE, comment: null, owner: null },
    columns: cols, stats: { has_stats: { id: 'has_stats', label: 'Has Stats?', value: false, include: false, description: 'Indicates whether there are statistics for this table' } },
    unique_id: uniqueId,
  };
}

/** Ephemeral models are absent, as from `dbt docs generate`. */
export function buildCatalog(plan) {
  const nodes = {};
  for (const m of plan.models) {
    if (m.materialized === 'ephemeral') continue;
    nodes[m.uniqueId] = catalogEntry(m.uniqueId, `synth_${m.layer}`, m.name, m.materialized === 'view' ? 'VIEW' : 'BASE TABLE', m.columns);
  }
  const sources = {};
  for (const s of plan.sources) sources[s.uniqueId] = catalogEntry(s.uniqueId, `raw_${s.sourceName}`, s.name, 'BASE TABLE', s.columns);
  return {
    metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/catalog/v1.json', dbt_version: '1.9.4', generated_at: '2024-01-01T00:00:00.000000Z', invocation_id: '00000000-0000-0000-0000-000000000000', env: {} },
    nodes, sources, errors: null,
  };
}
