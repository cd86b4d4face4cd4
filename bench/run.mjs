// `npm run bench`: floor vs full documentProject on synthetic projects, each measured in a fresh
// child process; --check on fixtures/jaffle; then every bench/*.bench.mjs.
//   node bench/run.mjs [SIZE,...]      sizes also from BENCH_SIZES=200,1000 (default 1000,10000)
//   BENCH_SHAPES=rerun,first-run       project shapes (default both): the re-run on a documented
//                                      project with many YAML files, the first run on an
//                                      undocumented one (generate-project.mjs, `shape`)
//   BENCH_RUNS=3                       runs per measurement, the median is reported (default 1)
//   BENCH_DIST=path/index.js           library to measure (default dist/index.js)
//   BENCH_KEEP=1                       keep the generated projects (path printed)
//   BENCH_OFFLINE_ONLY=1               only the floor comparisons (no --check, no *.bench.mjs)
// A *.bench.mjs exports `run({sizes, workDir, dist, repo, generateProject, measure})` returning
// rows: plain objects (one table line each); a row with `pass: false` fails the run.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateProject } from './generate-project.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const dist = process.env.BENCH_DIST ?? join(repo, 'dist/index.js');
const TIME_RATIO_TARGET = 2;
const RSS_RATIO_TARGET = 2;
const RSS_TARGET_KB = 1.5 * 1024 * 1024;
const SHAPES = ['rerun', 'first-run'];

function parseSizes() {
  const text = process.argv.slice(2).find((a) => /^\d+(,\d+)*$/.test(a)) ?? process.env.BENCH_SIZES ?? '1000,10000';
  return text.split(',').map(Number).filter((n) => n > 0);
}

function parseShapes() {
  const shapes = (process.env.BENCH_SHAPES ?? SHAPES.join(',')).split(',').filter((s) => s !== '');
  const unknown = shapes.filter((s) => !SHAPES.includes(s));
  if (unknown.length > 0) throw new Error(`BENCH_SHAPES: unknown shape ${unknown.join(', ')} (known: ${SHAPES.join(', ')})`);
  return shapes;
}

/** Runs bench/measure.mjs in a fresh process; returns its JSON line plus the process wall time. */
export function measure(mode, dir) {
  const start = performance.now();
  const child = spawnSync(process.execPath, [join(here, 'measure.mjs'), mode, dir, dist], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = performance.now() - start;
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return { ...JSON.parse(line), wallMs };
  } catch {
    return { ok: false, error: `measure ${mode} exited ${child.status}: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`, wallMs };
  }
}

// The median run by time (the cores are shared, so one run can be far off either way), with the
// highest peak RSS of all runs.
function medianOf(runs, fn) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(fn(i));
  const ok = results.filter((r) => r.ok).sort((a, b) => a.ms - b.ms);
  if (ok.length === 0) return results[0];
  const median = ok[Math.floor((ok.length - 1) / 2)];
  return { ...median, maxRssKb: Math.max(...ok.map((r) => r.maxRssKb)) };
}

const fmt = (n, digits = 0) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(digits) : '-');
const mb = (kb) => fmt(kb / 1024);

function table(rows) {
  if (rows.length === 0) return '';
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v) => (typeof v === 'number' ? fmt(v, Number.isInteger(v) ? 0 : 1) : String(v ?? ''));
  return [`| ${keys.join(' | ')} |`, `|${keys.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${keys.map((k) => cell(r[k])).join(' | ')} |`)].join('\n');
}

async function main() {
  const sizes = parseSizes();
  const shapes = parseShapes();
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
  const work = mkdtempSync(join(tmpdir(), 'osmosis-bench-'));
  const verdicts = [];
  const rows = [];
  const results = [];
  const verdict = (pass, text) => verdicts.push(`${pass ? 'PASS' : 'FAIL'} ${text}`);

  for (const shape of shapes) for (const n of sizes) {
    const base = join(work, `synth-${shape}-${n}`);
    const genStart = performance.now();
    const project = generateProject(base, { models: n, seed: 1, shape });
    const generateMs = performance.now() - genStart;
    const floor = medianOf(runs, () => measure('floor', base));
    // Column lineage parses every model's SQL: a floor that reads that input too, reported beside.
    const floorSql = medianOf(runs, () => measure('floor-sql', base));
    const full = medianOf(runs, (i) => {
      const copy = join(work, `synth-${shape}-${n}-run${i}`);
      cpSync(base, copy, { recursive: true });
      try {
        return measure('document', copy);
      } finally {
        if (!process.env.BENCH_KEEP) rmSync(copy, { recursive: true, force: true });
      }
    });
    const ratio = full.ok && floor.ok ? full.ms / floor.ms : undefined;
    const rssRatio = full.ok && floor.ok ? full.maxRssKb / floor.maxRssKb : undefined;
    const cpuRatio = full.ok && floor.ok ? full.cpuMs / floor.cpuMs : undefined;
    const sqlRatio = full.ok && floorSql.ok ? full.ms / floorSql.ms : undefined;
    results.push({ shape, models: n, project, generateMs, floor, floorSql, full, ratio, cpuRatio, sqlRatio, rssRatio });
    rows.push({
      shape, models: n, 'yaml files': project.yamlFiles, 'floor ms': floor.ms, 'full ms': full.ms, ratio: ratio === undefined ? '-' : fmt(ratio, 2),
      'CPU ratio': cpuRatio === undefined ? '-' : fmt(cpuRatio, 2),
      'floor+SQL ms': floorSql.ms, 'ratio to floor+SQL': sqlRatio === undefined ? '-' : fmt(sqlRatio, 2), 'floor RSS MB': mb(floor.maxRssKb), 'full RSS MB': mb(full.maxRssKb), 'RSS ratio': rssRatio === undefined ? '-' : fmt(rssRatio, 2), 'changed files': full.changedFiles ?? '-',
      'columns inherited': full.columnsInherited ?? '-', note: full.ok ? '' : full.error,
    });
    if (!floor.ok || !full.ok) {
      verdict(false, `${shape} ${n} models: ${floor.ok ? full.error : floor.error}`);
      continue;
    }
    verdict(ratio <= TIME_RATIO_TARGET, `time ${shape} ${n} models: full ${fmt(full.ms)} ms vs floor ${fmt(floor.ms)} ms = ${fmt(ratio, 2)}x (target ≤ ${TIME_RATIO_TARGET}x)`);
    verdict(rssRatio <= RSS_RATIO_TARGET, `memory ${shape} ${n} models: peak RSS ${mb(full.maxRssKb)} MB vs floor ${mb(floor.maxRssKb)} MB = ${fmt(rssRatio, 2)}x (target ≤ ${RSS_RATIO_TARGET}x)`);
    verdict(full.maxRssKb < RSS_TARGET_KB, `memory ${shape} ${n} models: peak RSS ${mb(full.maxRssKb)} MB (target < ${mb(RSS_TARGET_KB)} MB)`);
  }

  const jaffleDir = join(repo, 'fixtures/jaffle');
  let jaffle = { skipped: 'fixtures/jaffle does not exist yet' };
  if (process.env.BENCH_OFFLINE_ONLY) jaffle = { skipped: 'BENCH_OFFLINE_ONLY' };
  else if (existsSync(jaffleDir)) {
    const copy = join(work, 'jaffle');
    cpSync(jaffleDir, copy, { recursive: true });
    jaffle = medianOf(runs, () => measure('check', copy));
    if (!jaffle.ok) verdict(false, `jaffle --check: ${jaffle.error}`);
  }

  const extra = {};
  const benchFiles = process.env.BENCH_OFFLINE_ONLY ? [] : readdirSync(here).filter((f) => f.endsWith('.bench.mjs')).sort();
  for (const file of benchFiles) {
    try {
      const mod = await import(pathToFileURL(join(here, file)).href);
      extra[file] = await mod.run({ sizes, workDir: work, dist, repo, generateProject, measure });
      for (const r of extra[file]) if (r.pass === false) verdict(false, `${file}: ${r.name ?? JSON.stringify(r)}`);
    } catch (error) {
      extra[file] = [{ error: error instanceof Error ? error.message : String(error), pass: false }];
      verdict(false, `${file}: ${extra[file][0].error}`);
    }
  }

  const out = [`## documentProject vs floor (median of ${runs}, node ${process.version}, ${cpus().length} CPUs)`, '', table(rows), ''];
  out.push(`jaffle --check: ${jaffle.ok ? `${fmt(jaffle.ms)} ms (process ${fmt(jaffle.wallMs)} ms, peak RSS ${mb(jaffle.maxRssKb)} MB)` : (jaffle.skipped ?? jaffle.error)}`, '');
  for (const [file, benchRows] of Object.entries(extra)) out.push(`## ${file}`, '', table(benchRows), '');
  out.push(...verdicts);
  console.log(out.join('\n'));

  mkdirSync(join(here, 'out'), { recursive: true });
  const json = { date: new Date().toISOString(), node: process.version, platform: process.platform, cpus: cpus().length, runs, targets: { timeRatio: TIME_RATIO_TARGET, rssRatio: RSS_RATIO_TARGET, peakRssKb: RSS_TARGET_KB }, results, jaffle, extra, verdicts };
  writeFileSync(join(here, 'out/results.json'), `${JSON.stringify(json, null, 2)}\n`);
  if (process.env.BENCH_KEEP) console.log(`projects kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
  if (verdicts.some((v) => v.startsWith('FAIL'))) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
