// Measures SQL parser candidates on the corpus's compiled models: parse success per dialect
// (manifest `metadata.adapter_type`) and time. The candidates other than the chosen one are not
// dependencies of osmosis-ts: install them in a scratch folder and pass it, e.g.
//   mkdir /tmp/parsers && cd /tmp/parsers && npm init -y && npm install @polyglot-sql/sdk \
//     @guanmingchiu/sqlparser-ts node-sql-parser dt-sql-parser
//   node bench/lineage-parsers.mjs /tmp/parsers ../shared/corpus
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [modulesDir, corpusDir = '../shared/corpus'] = process.argv.slice(2);
if (!modulesDir) {
  console.error('usage: node bench/lineage-parsers.mjs <folder with the candidates installed> [corpus dir]');
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(modulesDir), 'package.json'));
const importFrom = async (name) => import(pathToFileURL(require.resolve(name)).href);

function findManifests(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'edge-cases' && entry.name !== 'schemas') out.push(...findManifests(full));
    else if (entry.name === 'manifest.json' && dir.endsWith('target')) out.push(full);
  }
  return out;
}

/** Compiled models of every corpus manifest, with the adapter type. */
function corpusModels() {
  const models = [];
  for (const file of findManifests(corpusDir)) {
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    const adapter = manifest.metadata?.adapter_type ?? 'unknown';
    for (const node of Object.values(manifest.nodes)) {
      const sql = node.compiled_code ?? node.compiled_sql;
      if (node.resource_type === 'model' && typeof sql === 'string' && sql.trim() !== '') models.push({ adapter, sql, id: node.unique_id });
    }
  }
  return models;
}

// Each candidate: its dialect name for an adapter (undefined = no such dialect, generic used).
const candidates = [
  {
    name: '@polyglot-sql/sdk',
    async load() {
      const m = await importFrom('@polyglot-sql/sdk');
      await m.init();
      return (sql, dialect) => {
        const r = m.parse(sql, dialect);
        if (!r.success) throw new Error(r.error);
      };
    },
    dialect: (a) => ({ postgres: 'postgresql', spark: 'spark', databricks: 'databricks' })[a] ?? a,
  },
  {
    name: '@guanmingchiu/sqlparser-ts',
    async load() {
      const m = await importFrom('@guanmingchiu/sqlparser-ts');
      await m.init();
      return (sql, dialect) => m.parse(sql, dialect);
    },
    dialect: (a) => ({ postgres: 'postgresql' })[a] ?? a,
  },
  {
    name: 'node-sql-parser',
    async load() {
      const m = await importFrom('node-sql-parser');
      const parser = new (m.Parser ?? m.default.Parser)();
      return (sql, dialect) => parser.astify(sql, { database: dialect });
    },
    dialect: (a) => ({ postgres: 'postgresql', duckdb: 'postgresql', databricks: 'hive', spark: 'hive' })[a] ?? a,
  },
  {
    name: 'dt-sql-parser',
    async load() {
      const m = await importFrom('dt-sql-parser');
      return (sql, dialect) => {
        const errors = new m[dialect]().validate(sql);
        if (errors.length) throw new Error(errors[0].message);
      };
    },
    dialect: (a) => ({ postgres: 'PostgreSQL', redshift: 'PostgreSQL', duckdb: 'PostgreSQL', spark: 'SparkSQL', databricks: 'SparkSQL', trino: 'TrinoSQL' })[a] ?? 'PostgreSQL',
  },
];

const models = corpusModels();
const adapters = [...new Set(models.map((m) => m.adapter))].sort();
const rows = [];
for (const c of candidates) {
  let parse;
  try {
    parse = await c.load();
  } catch (e) {
    rows.push({ name: c.name, loadError: String(e.code ?? e.message).slice(0, 80) });
    continue;
  }
  const perAdapter = {};
  const start = performance.now();
  for (const m of models) {
    const row = (perAdapter[m.adapter] ??= { ok: 0, total: 0 });
    row.total++;
    try {
      parse(m.sql, c.dialect(m.adapter));
      row.ok++;
    } catch {
      // counted as a failure
    }
  }
  rows.push({ name: c.name, perAdapter, ms: performance.now() - start });
}

console.log(`${models.length} compiled models from ${corpusDir}\n`);
console.log(`| parser | ${adapters.map((a) => `${a} (${models.filter((m) => m.adapter === a).length})`).join(' | ')} | all | ms / model |`);
console.log(`|---|${adapters.map(() => '---').join('|')}|---|---|`);
for (const r of rows) {
  if (r.loadError) {
    console.log(`| ${r.name} | ${adapters.map(() => 'does not load').join(' | ')} | — | — (${r.loadError}) |`);
    continue;
  }
  const cells = adapters.map((a) => {
    const x = r.perAdapter[a];
    return x ? `${((100 * x.ok) / x.total).toFixed(1)}%` : '—';
  });
  const ok = Object.values(r.perAdapter).reduce((n, x) => n + x.ok, 0);
  console.log(`| ${r.name} | ${cells.join(' | ')} | ${((100 * ok) / models.length).toFixed(1)}% | ${(r.ms / models.length).toFixed(2)} |`);
}
if (!existsSync(corpusDir)) process.exitCode = 1;
