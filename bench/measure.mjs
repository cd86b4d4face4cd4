// One measurement in a fresh process (run.mjs spawns it): prints one JSON line on stdout.
//   node bench/measure.mjs floor DIR           read + parse manifest, catalog and every .yml
//   node bench/measure.mjs floor-sql DIR       the floor, then parse every model's SQL once with the
//                                              parser column lineage uses (input it must read too)
//   node bench/measure.mjs document DIR DIST   documentProject on DIR (writes into it)
//   node bench/measure.mjs check DIR DIST      documentProject with check: true
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const FALLBACK_PLACEHOLDERS = ['Pending further documentation', 'No description for this column', 'Not documented', 'Undefined'];
const SKIP_DIRS = new Set(['target', 'dbt_packages', 'node_modules', 'logs', '.git']);

function yamlFiles(dir) {
  const out = [];
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop();
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) stack.push(full);
      } else if (/\.ya?ml$/.test(entry.name)) {
        out.push(full);
      }
    }
  }
  return out;
}

/** User + system CPU time since `start`, in ms: steadier than wall time when other processes share the cores. */
function cpuMsSince(start) {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

async function floor(dir, withSql) {
  const { parseDocument } = await import('yaml');
  const sqlParser = withSql ? await import('@guanmingchiu/sqlparser-ts') : undefined;
  // As osmosis-ts runs the parser: on V8's baseline WebAssembly compiler only (lineage/parse-sql.ts).
  if (sqlParser) (await import('node:v8')).setFlagsFromString('--liftoff-only');
  await sqlParser?.init();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
  const catalog = JSON.parse(readFileSync(join(dir, 'target/catalog.json'), 'utf8'));
  const docs = yamlFiles(dir).map((f) => parseDocument(readFileSync(f, 'utf8')));
  let sqlParsed = 0;
  if (sqlParser) {
    const dialect = sqlParser.SUPPORTED_DIALECTS.includes(manifest.metadata.adapter_type) ? manifest.metadata.adapter_type : 'generic';
    for (const node of Object.values(manifest.nodes)) {
      const sql = node.resource_type === 'model' ? (node.compiled_code ?? node.raw_code) : undefined;
      if (typeof sql !== 'string') continue;
      try {
        sqlParser.parse(sql, dialect);
        sqlParsed++;
      } catch {
        // unparseable SQL costs its attempt, as in a real run
      }
    }
  }
  const ms = performance.now() - start;
  return { ms, cpuMs: cpuMsSince(cpu), sqlParsed, nodes: Object.keys(manifest.nodes).length, catalogNodes: Object.keys(catalog.nodes).length, yamlFiles: docs.length };
}

async function document(dir, dist, check) {
  const importStart = performance.now();
  const lib = await import(pathToFileURL(dist).href);
  const importMs = performance.now() - importStart;
  if (typeof lib.documentProject !== 'function') throw new Error(`${dist} does not export documentProject`);
  const options = {
    projectDir: dir, select: [], exclude: [], positional: [], dryRun: false, check,
    forceInheritDescriptions: false, skipAddColumns: false, skipAddDataTypes: false, addProgenitorToMeta: false,
    placeholders: [...(lib.DEFAULT_PLACEHOLDERS ?? FALLBACK_PLACEHOLDERS)], synthesize: false,
    // BENCH_LINEAGE=off measures name matching alone (bench/lineage-speed.mjs compares both).
    ...(process.env.BENCH_LINEAGE === 'off' ? { lineage: false } : {}),
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  const report = await lib.documentProject(options);
  const ms = performance.now() - start;
  return {
    ms, cpuMs: cpuMsSince(cpu), importMs,
    changedFiles: Array.isArray(report?.changedFiles) ? report.changedFiles.length : undefined,
    nodesConsidered: report?.nodesConsidered, columnsInherited: report?.columnsInherited, columnsAdded: report?.columnsAdded,
  };
}

const [mode, dir, dist] = process.argv.slice(2);
try {
  const result = mode === 'floor' || mode === 'floor-sql' ? await floor(dir, mode === 'floor-sql') : await document(dir, dist, mode === 'check');
  // maxRSS is in kilobytes on Linux and macOS
  console.log(JSON.stringify({ ok: true, ...result, maxRssKb: process.resourceUsage().maxRSS }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error), maxRssKb: process.resourceUsage().maxRSS }));
  process.exitCode = 1;
}
