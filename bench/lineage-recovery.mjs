// The recovery protocol of docs/lineage.md on every corpus project: hide a seeded random quarter of
// the human-written column docs (in the YAML and in the manifest), run the offline tool with
// `--lineage off` and with lineage on, and count how many hidden texts came back exactly, came
// back as other text, or stayed empty. Also counts the LLM calls `--llm-dry-run` would make.
//   npm run build && node bench/lineage-recovery.mjs [../shared/corpus] [seed]
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { documentProject } from '../dist/document-project.js';
import { DEFAULT_PLACEHOLDERS } from '../dist/config/types.js';
import { loadProject } from '../dist/project/load-project.js';
import { buildDocState } from '../dist/inheritance/build-doc-state.js';
import { lineageForState, lineageLookup } from '../dist/lineage/lineage-for-state.js';
import { traceColumn } from '../dist/lineage/trace-column.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(process.argv[2] ?? path.join(here, '../../shared/corpus'));
const seed = Number(process.argv[3] ?? 14);
if (!existsSync(path.join(corpus, 'index.json'))) {
  console.error(`no corpus at ${corpus}`);
  process.exit(2);
}
const PLACEHOLDERS = new Set(DEFAULT_PLACEHOLDERS.map((p) => p.toLowerCase()));
const isReal = (d) => typeof d === 'string' && d.trim() !== '' && !PLACEHOLDERS.has(d.trim().toLowerCase());

/** mulberry32: a small seeded generator, so the hidden quarter is the same on every run. */
function random(seedValue) {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function yamlFiles(dir, skip) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!['target', 'dbt_packages', 'dbt_modules', 'logs', 'node_modules'].includes(name) && !skip.has(full)) out.push(...yamlFiles(full, skip));
    } else if (/\.ya?ml$/.test(name) && name !== 'dbt_project.yml' && name !== 'packages.yml' && name !== 'profiles.yml') out.push(full);
  }
  return out.sort();
}

/** Every documented column of the writable package's YAML: file, entry key, column name, text. */
function documentedColumns(projectDir, skip) {
  const out = [];
  for (const file of yamlFiles(projectDir, skip)) {
    const doc = parseDocument(readFileSync(file, 'utf8'));
    const data = doc.toJS() ?? {};
    const visit = (section, entries, sourceName) => {
      for (const [i, e] of (Array.isArray(entries) ? entries : []).entries()) {
        if (!e || typeof e.name !== 'string') continue;
        const base = sourceName === undefined ? [section, i] : ['sources', sourceName.index, 'tables', i];
        for (const [j, c] of (Array.isArray(e.columns) ? e.columns : []).entries()) {
          if (c && typeof c.name === 'string' && isReal(c.description)) {
            out.push({ file, path: [...base, 'columns', j], section, source: sourceName?.name, entry: e.name.toLowerCase(), column: c.name.toLowerCase(), text: String(c.description) });
          }
        }
      }
    };
    for (const section of ['models', 'seeds', 'snapshots']) visit(section, data[section]);
    for (const [k, s] of (Array.isArray(data.sources) ? data.sources : []).entries()) if (s?.name) visit('sources', s.tables, { name: s.name, index: k });
  }
  return out;
}

function hide(projectDir, manifestFile, hidden, writable) {
  const byFile = new Map();
  for (const h of hidden) byFile.set(h.file, [...(byFile.get(h.file) ?? []), h]);
  for (const [file, items] of byFile) {
    const doc = parseDocument(readFileSync(file, 'utf8'));
    for (const h of items) doc.deleteIn([...h.path, 'description']);
    writeFileSync(file, doc.toString());
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const keyOf = (h) => `${h.section === 'sources' ? `source:${h.source.toLowerCase()}.${h.entry}` : `${h.section.slice(0, -1)}:${h.entry}`}|${h.column}`;
  const wanted = new Set(hidden.map(keyOf));
  for (const node of [...Object.values(manifest.nodes), ...Object.values(manifest.sources ?? {})]) {
    if (node.package_name !== writable) continue;
    const id = node.resource_type === 'source' ? `source:${String(node.source_name).toLowerCase()}.${node.name.toLowerCase()}` : `${node.resource_type}:${node.name.toLowerCase()}`;
    for (const [name, c] of Object.entries(node.columns ?? {})) if (wanted.has(`${id}|${name.toLowerCase()}`)) c.description = '';
  }
  writeFileSync(manifestFile, JSON.stringify(manifest));
}

function outcome(projectDir, skip, hidden, onPath) {
  const now = new Map(documentedColumnsAll(projectDir, skip).map((c) => [`${c.file}|${c.section}|${c.source ?? ''}|${c.entry}|${c.column}`, c.text]));
  const counts = { recovered: 0, other: 0, empty: 0, otherFromPath: 0 };
  for (const h of hidden) {
    const text = now.get(`${h.file}|${h.section}|${h.source ?? ''}|${h.entry}|${h.column}`);
    if (!isReal(text)) counts.empty++;
    else if (text.trim() === h.text.trim()) counts.recovered++;
    else {
      counts.other++;
      // The text people wrote for the same value upstream (the column's lineage path), reworded here.
      if (onPath(h).has(text.trim())) counts.otherFromPath++;
      if (process.env.SHOW_OTHER) console.error(`  other: ${h.entry}.${h.column}: had ${JSON.stringify(h.text.slice(0, 70))} got ${JSON.stringify(text.slice(0, 70))}`);
    }
  }
  return counts;
}

/** Like documentedColumns, with the file path relative so two copies compare. */
function documentedColumnsAll(projectDir, skip) {
  return documentedColumns(projectDir, skip).map((c) => ({ ...c, file: path.relative(projectDir, c.file) }));
}

/**
 * For each hidden column, the texts people wrote on its lineage path upstream (read from the
 * untouched project): a text from there is the same value's doc, not another column's.
 */
async function pathTexts(projectDir, manifestPath, catalogPath, writable) {
  const project = loadProject({ projectDir, manifestPath, ...(catalogPath ? { catalogPath } : {}) });
  const nodes = project.manifest.nodes;
  const state = buildDocState({ nodes, entries: project.entries, writablePackage: project.writablePackage, ...(project.catalog ? { catalog: project.catalog } : {}) });
  const lookup = lineageLookup(await lineageForState(project.manifest, state, (id) => project.catalog?.nodes.has(id) ?? false));
  const idOf = new Map();
  for (const n of nodes.values()) {
    if (n.packageName !== writable) continue;
    idOf.set(n.resourceType === 'source' ? `sources|${String(n.sourceName).toLowerCase()}|${n.name.toLowerCase()}` : `${n.resourceType}s||${n.name.toLowerCase()}`, n.uniqueId);
  }
  return (h) => {
    const id = idOf.get(`${h.section}|${(h.source ?? '').toLowerCase()}|${h.entry}`);
    if (!id) return new Set();
    const trace = traceColumn(id, h.column, lookup);
    const texts = new Set();
    for (const hop of trace.path.slice(1)) {
      const text = state.get(hop.node)?.byName.get(hop.column.toLowerCase())?.description;
      if (isReal(text)) texts.add(text.trim());
    }
    return texts;
  };
}

const index = JSON.parse(readFileSync(path.join(corpus, 'index.json'), 'utf8')).filter((e) => !process.env.ONLY || e.name === process.env.ONLY);
const rows = [];
for (const entry of index) {
  const packages = entry.packages;
  const [writable, dir] = Object.entries(packages).find(([name]) => !name.endsWith('_integration_tests')) ?? Object.entries(packages)[0];
  const strip = (p) => p.split('/').slice(2).join('/');
  const original = path.join(corpus, entry.name, 'repo');
  const onPath = await pathTexts(path.join(original, dir), path.join(original, strip(entry.manifest_path)), entry.catalog_path ? path.join(original, strip(entry.catalog_path)) : undefined, writable);
  const run = async (lineage) => {
    const temp = mkdtempSync(path.join(tmpdir(), `osmosis-recovery-${entry.name}-`));
    try {
      const repo = path.join(temp, 'repo');
      cpSync(path.join(corpus, entry.name, 'repo'), repo, { recursive: true });
      const projectDir = path.join(repo, dir);
      const skip = new Set(Object.entries(packages).filter(([n]) => n !== writable).map(([, d]) => path.join(repo, d)));
      const manifestPath = path.join(repo, strip(entry.manifest_path));
      const all = documentedColumns(projectDir, skip);
      const rand = random(seed);
      const shuffled = all.map((c) => [rand(), c]).sort((a, b) => a[0] - b[0]).map(([, c]) => c);
      const hidden = shuffled.slice(0, Math.floor(all.length / 4));
      hide(projectDir, manifestPath, hidden, writable);
      if (process.env.HIDE_ONLY) {
        console.error(`hidden, nothing run: ${projectDir}`);
        process.exit(0);
      }
      const options = {
        projectDir, select: [], exclude: [], positional: [], dryRun: false, check: false, forceInheritDescriptions: false,
        skipAddColumns: false, skipAddDataTypes: false, addProgenitorToMeta: false, placeholders: [...DEFAULT_PLACEHOLDERS], synthesize: false,
        manifestPath, lineage,
        ...(entry.catalog_path ? { catalogPath: path.join(repo, strip(entry.catalog_path)) } : {}),
      };
      const started = performance.now();
      const report = await documentProject(options, { cwd: projectDir });
      const ms = performance.now() - started;
      const hiddenRel = hidden.map((h) => ({ ...h, file: path.relative(projectDir, h.file) }));
      const counts = outcome(projectDir, skip, hiddenRel, onPath);
      // The calls synthesis would still make for what is left (after this run wrote its texts).
      const dry = JSON.parse(execFileSync(process.execPath, [path.join(here, '../bin/osmosis-ts.js'), 'yaml', 'document', '--project-dir', projectDir, '--manifest-path', manifestPath,
        '--llm-dry-run', '--format', 'json', '--lineage', lineage ? 'on' : 'off', '--llm-provider', 'openai', '--llm-model', 'gpt-4o-mini', '--no-llm-cache'], { encoding: 'utf8', env: { ...process.env, OPENAI_API_KEY: 'dry-run-no-call' }, stdio: ['ignore', 'pipe', 'pipe'] }));
      const calls = (dry.llmPlan?.rows ?? []).reduce((n, r) => n + r.calls, 0);
      return { hidden: hidden.length, counts, report, ms, calls };
    } finally {
      if (!process.env.KEEP) rmSync(temp, { recursive: true, force: true });
    }
  };
  const before = await run(false);
  const after = await run(true);
  rows.push({ name: entry.name, adapter: entry.adapter, before, after });
  const pct = (n, d) => (d === 0 ? '—' : `${Math.round((100 * n) / d)}%`);
  const cells = (r) => `${pct(r.counts.recovered, r.hidden)} | ${pct(r.counts.other, r.hidden)} (${pct(r.counts.other - r.counts.otherFromPath, r.hidden)}) | ${pct(r.counts.empty, r.hidden)}`;
  console.error(`${entry.name}: hidden ${before.hidden}; off ${JSON.stringify(before.counts)} calls ${before.calls}; on ${JSON.stringify(after.counts)} calls ${after.calls} byLineage ${after.report.columnsInheritedByLineage} unknown ${after.report.lineage?.columnsUnknown}`);
  rows.at(-1).line = `| ${entry.name} (${entry.adapter}) | ${before.hidden} | ${cells(before.counts ? before : before)} | ${cells(after)} | ${before.calls} → ${after.calls} |`;
}
console.log(`Seed ${seed}. Shares of the hidden column docs: recovered exactly | filled with other text (in brackets: other text NOT from the column's own lineage path, i.e. another column's doc) | left empty.\n`);
console.log('| project | hidden | off: recovered | off: other | off: empty | on: recovered | on: other | on: empty | LLM calls (off → on) |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r.line);
