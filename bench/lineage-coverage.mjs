// How much of the corpus lineage resolves, per dialect: models parsed, models fully resolved
// (every column the model's YAML, catalog or SQL names has a known lineage), columns unknown.
//   npm run build && node bench/lineage-coverage.mjs [../shared/corpus]
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProject } from '../dist/project/load-project.js';
import { buildGraph } from '../dist/graph/build-graph.js';
import { buildDocState } from '../dist/inheritance/build-doc-state.js';
import { lineageForState } from '../dist/lineage/lineage-for-state.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(process.argv[2] ?? path.join(here, '../../shared/corpus'));
if (!existsSync(path.join(corpus, 'index.json'))) {
  console.error(`no corpus at ${corpus}`);
  process.exit(2);
}
const byDialect = new Map();
const reasons = new Map();
for (const entry of JSON.parse(readFileSync(path.join(corpus, 'index.json'), 'utf8'))) {
  const [, dir] = Object.entries(entry.packages).find(([name]) => !name.endsWith('_integration_tests')) ?? Object.entries(entry.packages)[0];
  const repo = path.join(corpus, entry.name, 'repo');
  const strip = (p) => p.split('/').slice(2).join('/');
  const project = loadProject({ projectDir: path.join(repo, dir), manifestPath: path.join(repo, strip(entry.manifest_path)), ...(entry.catalog_path ? { catalogPath: path.join(repo, strip(entry.catalog_path)) } : {}) });
  const nodes = project.manifest.nodes;
  const graph = buildGraph(nodes);
  const state = buildDocState({ nodes, entries: project.entries, writablePackage: project.writablePackage, ...(project.catalog ? { catalog: project.catalog } : {}) });
  const started = performance.now();
  const lineage = await lineageForState(project.manifest, state, (id) => project.catalog?.nodes.has(id) ?? false);
  for (const id of graph.topologicalOrder()) lineage.model(id);
  const ms = performance.now() - started;
  const row = byDialect.get(entry.adapter) ?? { projects: [], models: 0, parsed: 0, full: 0, columns: 0, unknown: 0, ms: 0 };
  row.projects.push(entry.name);
  row.ms += ms;
  for (const [id, model] of lineage.resolved()) {
    row.models++;
    if (model.status !== 'parsed') {
      reasons.set(model.reason.slice(0, 100), (reasons.get(model.reason.slice(0, 100)) ?? 0) + 1);
      continue;
    }
    row.parsed++;
    const names = new Set([...(state.get(id)?.columns ?? []).map((c) => c.name.toLowerCase()), ...model.columns.keys()]);
    let unknown = 0;
    for (const name of names) {
      const c = model.columns.get(name);
      if (c?.kind !== 'known') {
        unknown++;
        const reason = c ? c.reason.replace(/'[^']*'/g, "'…'") : 'a column the YAML or catalog lists that the SQL output does not show';
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
    row.columns += names.size;
    row.unknown += unknown;
    if (unknown === 0) row.full++;
  }
  byDialect.set(entry.adapter, row);
}
const pct = (n, d) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);
console.log('| dialect (adapter_type) | projects | models with SQL | parsed | fully resolved | columns | columns unknown | lineage ms |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [dialect, r] of [...byDialect].sort()) {
  console.log(`| ${dialect} | ${r.projects.length} | ${r.models} | ${pct(r.parsed, r.models)} | ${pct(r.full, r.models)} | ${r.columns} | ${r.unknown} (${pct(r.unknown, r.columns)}) | ${r.ms.toFixed(0)} |`);
}
console.log('\nWhy a model or column is not resolved (count):');
for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`- ${n} × ${reason}`);
