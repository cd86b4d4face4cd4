// `--llm-batch` on a synthetic project: the same synthesis once through the synchronous API and
// once through batches (the fake batch endpoints of tests/helpers, each batch done a fixed time
// after it was created). Reports requests, USD at the synchronous and at the batch price, waves
// against the depth of the DAG, and whether both runs wrote the same YAML.
// Target: batch USD ≤ 0.55 × synchronous USD, same YAML.
//   node bench/batch.bench.mjs            standalone (uses dist/index.js; run `npm run build` first)
//   BENCH_BATCH_MODELS=2000 BENCH_BATCH_PROCESSING_MS=1000
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startFakeLlmWorker } from './fake-llm.mjs';
import { runIfMain } from './standalone.mjs';

const RATIO_TARGET = 0.55;
const PRICE = { inputPerMTok: 0.15, outputPerMTok: 0.6 };

function options(projectDir, lib, baseUrl, batch, cachePath) {
  return {
    projectDir, select: [], exclude: [], positional: [], dryRun: false, check: false,
    forceInheritDescriptions: false, skipAddColumns: false, skipAddDataTypes: false, addProgenitorToMeta: false,
    placeholders: [...lib.DEFAULT_PLACEHOLDERS], synthesize: true,
    synthesis: {
      llm: { provider: 'openai', model: 'gpt-fake-1', baseUrl, apiKey: 'fake-bench-key', apiKeyVariable: 'OPENAI_API_KEY', timeoutSeconds: 60, maxRetries: 2 },
      llmDryRun: false, concurrency: 8, bulkThreshold: 10, maxRepairs: 2, priceOverrides: { 'gpt-fake-1': PRICE },
      maxSqlTokens: 3000, maxUpstreamTokens: 2000, maxOutputTokensPerColumn: 200, cachePath,
      ...(batch ? { batch: { pollSeconds: 0.25 } } : {}),
    },
  };
}

/** Longest chain of models (sources and seeds count as depth 0). */
function dagDepth(projectDir) {
  const manifest = JSON.parse(readFileSync(join(projectDir, 'target/manifest.json'), 'utf8'));
  const nodes = new Map(Object.values(manifest.nodes).filter((n) => n.resource_type === 'model').map((n) => [n.unique_id, n.depends_on?.nodes ?? []]));
  const depth = new Map();
  const of = (id) => {
    if (!nodes.has(id)) return 0;
    const stack = [id];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const missing = nodes.get(top).filter((p) => nodes.has(p) && !depth.has(p));
      if (missing.length > 0) stack.push(...missing);
      else {
        depth.set(top, 1 + Math.max(0, ...nodes.get(top).map((p) => depth.get(p) ?? 0)));
        stack.pop();
      }
    }
    return depth.get(id);
  };
  return Math.max(...[...nodes.keys()].map(of));
}

function yamlTexts(dir) {
  const out = new Map();
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(join(dir, 'models'));
  return out;
}

async function synthesize(lib, repo, projectDir, batch, processingMs) {
  const server = await startFakeLlmWorker(repo, 0, batch ? processingMs : undefined);
  const start = performance.now();
  let report;
  let stats;
  try {
    report = await lib.documentProject(options(projectDir, lib, batch ? `${server.batchUrl}/v1` : server.openaiBaseUrl, batch, join(projectDir, '.cache.sqlite')));
  } finally {
    stats = await server.close();
  }
  return { report, stats, wallMs: performance.now() - start };
}

export async function run({ workDir, dist, repo, generateProject }) {
  const models = Number(process.env.BENCH_BATCH_MODELS ?? 2000);
  const processingMs = Number(process.env.BENCH_BATCH_PROCESSING_MS ?? 1000);
  const lib = await import(pathToFileURL(dist).href);
  const syncDir = join(workDir, `batch-sync-${models}`);
  const batchDir = join(workDir, `batch-batch-${models}`);
  generateProject(syncDir, { models, seed: 7 });
  generateProject(batchDir, { models, seed: 7 });

  const sync = await synthesize(lib, repo, syncDir, false, processingMs);
  const batched = await synthesize(lib, repo, batchDir, true, processingMs);
  const sameYaml = JSON.stringify([...yamlTexts(syncDir)]) === JSON.stringify([...yamlTexts(batchDir)]);
  const ratio = batched.report.llm.costUsd / sync.report.llm.costUsd;
  const depth = dagDepth(batchDir);
  const pass = ratio <= RATIO_TARGET && sameYaml && batched.report.failures.length === 0;
  return [
    {
      name: `--llm-batch ${models} models`,
      'sync requests': sync.stats.requests,
      'batch requests': batched.stats.requests,
      'sync USD': Number(sync.report.llm.costUsd.toFixed(4)),
      'batch USD': Number(batched.report.llm.costUsd.toFixed(4)),
      'USD ratio': Number(ratio.toFixed(3)),
      waves: batched.report.llm.batch?.waves,
      'DAG depth': depth,
      'same YAML': sameYaml,
      'batch wall ms': Math.round(batched.wallMs),
      target: `USD ratio <= ${RATIO_TARGET}, same YAML`,
      pass,
      verdict: pass ? 'PASS' : 'FAIL',
    },
  ];
}

await runIfMain(import.meta.url, run, 'batch');
