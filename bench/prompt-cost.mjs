// Prompt cost on the corpus, from the dry run (no call is made, nothing is written): input
// tokens, tokens assumed served by the provider's prompt cache, and USD per project, for one
// provider and model. Point --dist at another build (e.g. of an earlier commit) to compare.
//
//   node bench/prompt-cost.mjs --corpus ../shared/corpus [--dist dist] [--provider openai --model gpt-4o-mini]
//
// Prints one JSON line per project, then a Markdown table.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: '../shared/corpus' },
    dist: { type: 'string', default: 'dist' },
    provider: { type: 'string', default: 'openai' },
    model: { type: 'string', default: 'gpt-4o-mini' },
    'bulk-threshold': { type: 'string', default: '10' },
  },
});
const corpus = path.resolve(values.corpus);
const indexFile = path.join(corpus, 'index.json');
if (!existsSync(indexFile)) {
  console.error(`No corpus at ${corpus} (expected index.json); pass --corpus.`);
  process.exit(2);
}
const { documentProject, DEFAULT_PLACEHOLDERS } = await import(pathToFileURL(path.resolve(values.dist, 'index.js')).href);

const strip = (p) => p.split('/').slice(2).join('/');
const rows = [];
for (const entry of JSON.parse(readFileSync(indexFile, 'utf8'))) {
  const packages = entry.packages;
  const [, dir] = Object.entries(packages).find(([name]) => !name.endsWith('_integration_tests')) ?? Object.entries(packages)[0];
  const repo = path.join(corpus, entry.name, 'repo');
  const report = await documentProject({
    projectDir: path.join(repo, dir),
    manifestPath: path.join(repo, strip(entry.manifest_path)),
    ...(entry.catalog_path ? { catalogPath: path.join(repo, strip(entry.catalog_path)) } : {}),
    select: [],
    exclude: [],
    positional: [],
    dryRun: true,
    check: false,
    forceInheritDescriptions: false,
    skipAddColumns: false,
    skipAddDataTypes: false,
    addProgenitorToMeta: false,
    placeholders: [...DEFAULT_PLACEHOLDERS],
    synthesize: true,
    synthesis: {
      llm: { provider: values.provider, model: values.model, baseUrl: 'http://127.0.0.1:9', timeoutSeconds: 30, maxRetries: 0, awsRegion: 'us-east-1' },
      llmDryRun: true,
      concurrency: 1,
      bulkThreshold: Number(values['bulk-threshold']),
      maxRepairs: 2,
      priceOverrides: {},
      maxSqlTokens: 3000,
      maxUpstreamTokens: 2000,
      maxOutputTokensPerColumn: 200,
    },
  });
  const planRows = report.llmPlan?.rows ?? [];
  const row = {
    project: entry.name,
    nodes: planRows.length,
    calls: planRows.reduce((n, r) => n + r.calls, 0),
    perColumnNodes: planRows.filter((r) => r.strategy === 'per-column').length,
    inputTokens: planRows.reduce((n, r) => n + r.inputTokens, 0),
    cachedInputTokens: planRows.reduce((n, r) => n + (r.cachedInputTokens ?? 0), 0),
    usd: report.llm.estimatedCostUsd,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
console.log(`\n| project | nodes (per-column) | calls | input tokens | cached | USD |\n|---|---|---|---|---|---|`);
for (const r of rows) {
  console.log(`| ${r.project} | ${r.nodes} (${r.perColumnNodes}) | ${r.calls} | ${r.inputTokens} | ${r.cachedInputTokens} | ${r.usd === null ? 'unknown' : r.usd.toFixed(4)} |`);
}
