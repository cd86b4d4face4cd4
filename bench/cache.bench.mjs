// Cache overhead: a fully cached `yaml document --synthesize` re-run against the same run without
// --synthesize, both as CLI processes (what a user waits for) on fresh copies of a corpus project
// (fivetran-hubspot-v12 from ../shared/corpus; a synthetic project when the corpus is absent).
// A warm-up run against the test suite's fake LLM server (compiled into bench/out/fake-llm/, run
// in a worker by fake-llm-worker.mjs, shared with synthesis.bench.mjs) fills the cache; the timed
// cached runs must send no request. Target: best cached ≤ 1.2 × best plain.
//   node bench/cache.bench.mjs        standalone (uses dist/; run `npm run build` first)
//   BENCH_CACHE_RUNS=5                timed runs of each kind (best is kept)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startFakeLlmWorker } from './fake-llm.mjs';
import { runIfMain } from './standalone.mjs';

const RATIO_TARGET = 1.2;
const here = dirname(fileURLToPath(import.meta.url));
const CORPUS_PROJECT = 'fivetran-hubspot-v12';


/** Where the project comes from and the CLI arguments that locate it inside a copy. */
function projectSource(repo, workDir, generateProject) {
  const corpus = join(repo, '..', 'shared', 'corpus');
  const index = join(corpus, 'index.json');
  if (existsSync(index)) {
    const entry = JSON.parse(readFileSync(index, 'utf8')).find((e) => e.name === CORPUS_PROJECT);
    if (entry) {
      const strip = (p) => p.split('/').slice(2).join('/');
      const [, dir] = Object.entries(entry.packages).find(([name]) => !name.endsWith('_integration_tests'));
      return {
        name: CORPUS_PROJECT,
        source: join(corpus, CORPUS_PROJECT, 'repo'),
        args: (copy) => [
          '--project-dir', join(copy, dir),
          '--manifest-path', join(copy, strip(entry.manifest_path)),
          ...(entry.catalog_path ? ['--catalog-path', join(copy, strip(entry.catalog_path))] : []),
        ],
      };
    }
  }
  const source = join(workDir, 'cache-bench-synthetic');
  generateProject(source, { models: 300, seed: 1 });
  return { name: 'synthetic 300 models', source, args: (copy) => ['--project-dir', copy] };
}

/** One CLI run in a fresh process; wall time in ms. */
function timeCli(mainJs, args, env, cwd) {
  const runner = 'const { main } = await import(process.argv[1]); process.exitCode = await main(["node", "osmosis-ts", ...process.argv.slice(2)]);';
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', runner, pathToFileURL(mainJs).href, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - start;
  let report;
  try {
    report = JSON.parse(child.stdout);
  } catch {
    report = undefined;
  }
  return { ms, code: child.status, report, stderr: child.stderr };
}

export async function run({ workDir, dist, repo, generateProject }) {
  const runs = Math.max(1, Number(process.env.BENCH_CACHE_RUNS ?? 5));
  const mainJs = join(dirname(dist), 'cli', 'main.js');
  const project = projectSource(repo, workDir, generateProject);
  const cachePath = join(workDir, 'cache-bench', 'llm-cache.sqlite');
  const server = await startFakeLlmWorker(repo, 0);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: workDir,
    XDG_CACHE_HOME: join(workDir, '.cache'),
    NO_COLOR: '1',
    LLM_PROVIDER: 'openai',
    OPENAI_API_KEY: 'fake-bench-key',
    OPENAI_BASE_URL: server.openaiBaseUrl,
    OPENAI_MODEL: 'gpt-4o-mini',
  };
  let copies = 0;
  const fresh = () => {
    const copy = join(workDir, `cache-bench-copy-${copies++}`);
    cpSync(project.source, copy, { recursive: true });
    return copy;
  };
  const synth = ['--synthesize', '--llm-cache-path', cachePath];
  const json = ['--format', 'json'];

  let stats;
  let warm;
  const plain = [];
  const cached = [];
  try {
    const warmCopy = fresh();
    warm = timeCli(mainJs, ['yaml', 'document', ...project.args(warmCopy), ...json, ...synth], env, workDir);
    rmSync(warmCopy, { recursive: true, force: true });
    // Alternate the two kinds so a noisy machine slows both alike.
    for (let i = 0; i < runs; i++) {
      for (const [list, extra] of [[plain, []], [cached, synth]]) {
        const copy = fresh();
        list.push(timeCli(mainJs, ['yaml', 'document', ...project.args(copy), ...json, ...extra], env, workDir));
        rmSync(copy, { recursive: true, force: true });
      }
    }
  } finally {
    stats = await server.close();
  }

  const failed = [warm, ...plain, ...cached].find((r) => r.code !== 0);
  const warmCalls = warm.report?.llm?.calls ?? 0;
  const cachedCalls = cached.reduce((n, r) => n + (r.report?.llm?.calls ?? 0), 0);
  const best = (list) => Math.min(...list.map((r) => r.ms));
  const median = (list) => {
    const sorted = list.map((r) => r.ms).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  const ratio = best(cached) / best(plain);
  // The server saw exactly the warm-up's requests: the timed cached runs sent none.
  const noRequests = stats.requests === warmCalls && cachedCalls === 0;
  const pass = failed === undefined && noRequests && warmCalls > 0 && ratio <= RATIO_TARGET;
  return [
    {
      name: `cached --synthesize re-run vs plain run, ${project.name}`,
      runs,
      'warm-up calls': warmCalls,
      'cache hits per run': cached[0]?.report?.llm?.cacheHits ?? '-',
      'requests during cached runs': stats.requests - warmCalls,
      'plain best ms': Math.round(best(plain)),
      'plain median ms': Math.round(median(plain)),
      'cached best ms': Math.round(best(cached)),
      'cached median ms': Math.round(median(cached)),
      ratio: Number(ratio.toFixed(3)),
      verdict: `${pass ? 'PASS' : 'FAIL'} (target ≤ ${RATIO_TARGET}x)${failed ? `: a run exited ${failed.code}: ${failed.stderr.trim().split('\n').slice(-2).join(' | ')}` : ''}`,
      pass,
    },
  ];
}

await runIfMain(import.meta.url, run, 'cache');
