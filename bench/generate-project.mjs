// Writes a synthetic dbt project for benchmarks: dbt_project.yml, source and schema YAML, SQL,
// target/manifest.json (v12) and target/catalog.json. Deterministic for a given seed.
// CLI: node bench/generate-project.mjs DIR N [SEED] [--first-run]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCatalog, buildManifest } from './synth-artifacts.mjs';
import { MODELS_PER_YAML, planProject } from './synth-plan.mjs';

// Map.groupBy arrived in Node 21.
function groupBy(items, key) {
  const groups = new Map();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

const q = (text) => JSON.stringify(text); // a JSON string is a valid double-quoted YAML scalar

function yamlColumns(columns, indent) {
  const lines = [];
  for (const c of columns) {
    if (c.state === 'missing') continue;
    lines.push(`${indent}- name: ${c.name}`);
    if (c.state !== 'bare') lines.push(`${indent}  description: ${q(c.description)}`);
  }
  return lines;
}

function modelsYaml(models) {
  const lines = ['version: 2', '', 'models:'];
  for (const m of models) {
    lines.push(`  - name: ${m.name}`);
    if (m.description !== '') lines.push(`    description: ${q(m.description)}`);
    const columns = yamlColumns(m.columns, '      ');
    if (columns.length > 0) lines.push('    columns:', ...columns);
  }
  return `${lines.join('\n')}\n`;
}

function sourceLines(sourceName, tables) {
  const lines = [`  - name: ${sourceName}`, `    schema: raw_${sourceName}`, '    tables:'];
  for (const t of tables) {
    lines.push(`      - name: ${t.name}`, `        description: ${q(t.description)}`, '        columns:', ...yamlColumns(t.columns, '          '));
  }
  return lines;
}

/** One YAML file holding the given sources: `[sourceName, tables]` pairs. */
function sourcesYaml(groups) {
  return `${['version: 2', '', 'sources:', ...groups.flatMap(([sourceName, tables]) => sourceLines(sourceName, tables))].join('\n')}\n`;
}

function modelSql(model, plan, compiled) {
  const from = model.parents.map((p) => {
    const parent = plan.byId.get(p);
    if (compiled) return parent.uniqueId.startsWith('source.') ? `synth_db.raw_${parent.sourceName}.${parent.name}` : `synth_db.synth_${parent.layer}.${parent.name}`;
    return parent.uniqueId.startsWith('source.') ? `{{ source('${parent.sourceName}', '${parent.name}') }}` : `{{ ref('${parent.name}') }}`;
  });
  const columns = model.columns.map((c, i) => `    ${i === 0 ? '' : ', '}${c.name}`);
  const joins = from.slice(1).map((f, i) => `left join ${f} as p${i + 1} using (${model.columns[0]?.name ?? 'id'})`);
  return ['select', ...columns, `from ${from[0] ?? '(select 1)'} as p0`, ...joins, ''].join('\n');
}

const DBT_PROJECT = `name: synth
version: '1.0.0'
config-version: 2
profile: synth
model-paths: ["models"]
seed-paths: ["seeds"]
macro-paths: ["macros"]
target-path: "target"
clean-targets: ["target", "dbt_packages"]

models:
  synth:
    staging:
      +materialized: view
    marts:
      +materialized: table
`;

// The first run on an undocumented project (issue 15): models in folders of 7, routed to one new
// `_<folder>.yml` each, so about 1,430 files to create at 10,000 models.
const FIRST_RUN_ROUTE = `
    +dbt-osmosis: "_{parent}.yml"
`;
const FIRST_RUN_COLUMNS = 14;
const FIRST_RUN_MODELS_PER_DIR = 7;
const FIRST_RUN_SOURCE_FILES = 2;

/**
 * The first-run shape: sources in two YAML files, the first MODELS_PER_YAML models of each layer
 * in one YAML file per layer (five files in all), every other model with no YAML entry, no
 * description and none of its catalog columns in the manifest.
 */
function writeFirstRun(plan, write) {
  const sourceYaml = new Map();
  const groups = [...groupBy(plan.sources, (s) => s.sourceName)];
  const perFile = Math.ceil(groups.length / FIRST_RUN_SOURCE_FILES);
  let yamlFiles = 0;
  for (let f = 0; f * perFile < groups.length; f++) {
    const path = `models/sources/_sources_${f}.yml`;
    const chunk = groups.slice(f * perFile, (f + 1) * perFile);
    write(path, sourcesYaml(chunk));
    yamlFiles++;
    for (const [, tables] of chunk) for (const t of tables) sourceYaml.set(t.uniqueId, path);
  }
  const files = new Map();
  for (const [layer, models] of groupBy(plan.models, (m) => m.layer)) {
    const documented = models.slice(0, MODELS_PER_YAML);
    const yamlPath = `models/${layer}/_${layer}__models.yml`;
    write(yamlPath, modelsYaml(documented));
    yamlFiles++;
    for (const m of models) {
      if (!documented.includes(m)) {
        m.description = '';
        m.columns = m.columns.map((c) => ({ ...c, state: 'missing', description: '' }));
      }
      const sql = `${m.dir}/${m.name}.sql`;
      const rawCode = modelSql(m, plan, false);
      write(sql, rawCode);
      files.set(m.uniqueId, { sql, yaml: documented.includes(m) ? yamlPath : undefined, rawCode, compiledCode: modelSql(m, plan, true) });
    }
  }
  return { files, sourceYaml, yamlFiles };
}

/**
 * Writes the project into `dir` (created if needed). `shape: 'first-run'` writes the first-run
 * shape (writeFirstRun); the default is the re-run shape, a documented project with a YAML file
 * for every MODELS_PER_YAML models.
 * @param {string} dir
 * @param {{models: number, columnsPerModel?: number, docRatio?: number, seed?: number, shape?: 'rerun' | 'first-run'}} options
 * @returns {{dir: string, models: number, sources: number, yamlFiles: number, sqlFiles: number, columns: number}}
 */
export function generateProject(dir, options) {
  const firstRun = options.shape === 'first-run';
  const plan = planProject(firstRun ? { columnsPerModel: FIRST_RUN_COLUMNS, modelsPerDir: FIRST_RUN_MODELS_PER_DIR, ...options } : options);
  const write = (path, text) => {
    const full = join(dir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, text);
  };
  write('dbt_project.yml', firstRun ? DBT_PROJECT.replace('  synth:\n', `  synth:${FIRST_RUN_ROUTE}`) : DBT_PROJECT);
  write('macros/cents.sql', '{% macro cents(x) %}({{ x }} / 100.0){% endmacro %}\n');
  if (firstRun) {
    const { files, sourceYaml, yamlFiles } = writeFirstRun(plan, write);
    return finish(dir, plan, files, sourceYaml, yamlFiles, write);
  }
  let yamlFiles = 0;

  const sourceYaml = new Map();
  const bySource = groupBy(plan.sources, (s) => s.sourceName);
  for (const [sourceName, tables] of bySource) {
    const path = `models/sources/${sourceName}.yml`;
    write(path, sourcesYaml([[sourceName, tables]]));
    yamlFiles++;
    for (const t of tables) sourceYaml.set(t.uniqueId, path);
  }

  const files = new Map();
  const byYaml = groupBy(plan.models, (m) => `${m.dir}/_${m.layer}__models_${m.yamlIndex}.yml`);
  for (const [yamlPath, models] of byYaml) {
    write(yamlPath, modelsYaml(models));
    yamlFiles++;
    for (const m of models) {
      const sql = `${m.dir}/${m.name}.sql`;
      const rawCode = modelSql(m, plan, false);
      write(sql, rawCode);
      files.set(m.uniqueId, { sql, yaml: yamlPath, rawCode, compiledCode: modelSql(m, plan, true) });
    }
  }

  return finish(dir, plan, files, sourceYaml, yamlFiles, write);
}

function finish(dir, plan, files, sourceYaml, yamlFiles, write) {
  write('target/manifest.json', JSON.stringify(buildManifest(plan, files, sourceYaml)));
  write('target/catalog.json', JSON.stringify(buildCatalog(plan)));
  const columns = [...plan.sources, ...plan.models].reduce((n, x) => n + x.columns.length, 0);
  return { dir, models: plan.models.length, sources: plan.sources.length, yamlFiles, sqlFiles: plan.models.length, columns };
}

export { MODELS_PER_YAML };

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const shape = args.includes('--first-run') ? 'first-run' : 'rerun';
  const [dir, n, seed] = args.filter((a) => a !== '--first-run');
  if (dir === undefined || n === undefined || !/^\d+$/.test(n)) {
    console.error('usage: node bench/generate-project.mjs DIR N [SEED] [--first-run]');
    process.exit(2);
  }
  const summary = generateProject(dir, { models: Number(n), seed: seed === undefined ? 1 : Number(seed), shape });
  console.log(JSON.stringify(summary));
}
