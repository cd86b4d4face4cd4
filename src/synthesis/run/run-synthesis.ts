import type { SynthesisOptions } from '../../config/types.js';
import { ConfigError } from '../../config/errors.js';
import type { DocGraph } from '../../graph/build-graph.js';
import { copyDocState, type DocState } from '../../inheritance/doc-state.js';
import { inheritColumnDocs, type InheritOptions } from '../../inheritance/inherit-column-docs.js';
import type { LanguageModel } from '../../llm/types.js';
import type { ProgressListener } from '../../progress.js';
import { emptyLlmReport, type DryRunRow, type Failure, type LlmReport } from '../../report.js';
import { nullCache } from '../../cache/null-cache.js';
import type { Ports, ResponseCachePort } from '../../ports.js';
import { Budget } from '../../cost/budget.js';
import { countRequestTokens } from '../../cost/count-tokens.js';
import { memoTokenCounter } from '../plan/memo-token-counter.js';
import { costUsd, lookupPrice, type PriceInfo } from '../../cost/prices.js';
import { estimateSynthesis } from '../plan/estimate-plan.js';
import { ESTIMATED_ENRICH_TOKENS_PER_COLUMN } from '../plan/estimate-output-tokens.js';
import { loadPromptFile, loadStyleGuideFile } from '../plan/load-prompt-file.js';
import { nodeContext } from '../plan/node-context.js';
import { resolvePromptTemplates } from '../plan/prompt-templates.js';
import { scheduleSynthesis } from './schedule-synthesis.js';
import type { SynthesisDeps } from '../synthesis-deps.js';
import { synthesizeNode } from './synthesize-node.js';
import { applyCachedAnswers } from './apply-cached-answers.js';
import type { CallRecord, NodeSynthesisResult, SeedSample } from '../types.js';
import { checkCredentialSettings, effectiveBaseUrl } from '../../llm/provider-defaults.js';
import { describePromptCacheAssumption, priceForRequests } from '../../cost/prompt-caching.js';
import { atBatchRate } from '../../cost/batch-price.js';
import { assertBatchSupport } from '../../llm/batch/create-batch-api.js';
import { lazyBatchApi } from '../../llm/batch/lazy-batch-api.js';
import { createBatchWaves, type BatchWaves } from './batch/batch-waves.js';
import { requestCacheKey } from './call-model.js';
import type { EnrichInput } from '../../project/read-enrich-input.js';
import type { NodeEnrichment } from '../../enrich/types.js';
import { enrichContext, maskedSeedSample } from '../plan/enrich-context.js';
import { SEED_SAMPLE_ROWS } from '../../project/read-seed-sample.js';

export interface RunSynthesisInput {
  state: DocState;
  graph: DocGraph;
  order: readonly string[];
  /** Writable nodes the user selected: only they are synthesized. */
  selected: ReadonlySet<string>;
  options: SynthesisOptions;
  placeholders: ReadonlySet<string>;
  inheritOpts: InheritOptions;
  emit: ProgressListener;
  /** CSV samples of the selected seeds, by unique id (read at the edge). */
  seedSamples?: ReadonlyMap<string, SeedSample>;
  /** `--enrich`: seed categories and model sample rows, read at the edge (read-enrich-input.ts). */
  enrichInput?: EnrichInput;
  /** Receives every call (a `--review` run turns them into each proposal's generation details). */
  onCall?: (call: CallRecord) => void;
  /** Where prompt files are read, models built, answers cached and time told. */
  ports: Pick<Ports, 'fs' | 'createModel' | 'openCache' | 'clock'>;
}

export interface SynthesisOutcome {
  columnsSynthesized: number;
  modelDescriptionsSynthesized: number;
  /** Columns of selected nodes filled by re-running inheritance after parents were synthesized. */
  columnsInheritedAfterSynthesis: number;
  failures: Failure[];
  llm: LlmReport;
  stoppedAtBudget: boolean;
  /** `--llm-batch-wait` passed with requests still in a batch; the next run collects them. */
  stoppedWaiting: boolean;
  /** Nodes that still need synthesis because the run stopped at the budget or stopped waiting. */
  nodesLeft: number;
  plan?: { rows: DryRunRow[]; assumptions: string[] };
  warnings: string[];
  /** `--enrich`: validated values beyond descriptions, by node id (written or proposed by document-project). */
  enrichments?: Map<string, NodeEnrichment>;
}

/**
 * A model identity for plans: the dry run builds the very requests a run would send (cache keys
 * need provider, model and endpoint) but must never send one, nor need a key or an SDK.
 */
function planOnlyModel(options: SynthesisOptions): LanguageModel {
  return {
    provider: options.llm.provider,
    modelId: options.llm.model,
    baseUrl: effectiveBaseUrl(options.llm),
    generate: () => Promise.reject(new Error('--llm-dry-run makes no LLM call')),
  };
}

/**
 * The run's model with its SDK imported on the first call, not up front: a fully cached run never
 * calls, and the import is ~100 ms of a cached re-run. The key is still checked now (a missing
 * one is exit 2 before any work).
 */
function lazyModel(options: SynthesisOptions, createModel: Ports['createModel']): LanguageModel {
  checkCredentialSettings(options.llm);
  let real: Promise<LanguageModel> | undefined;
  return {
    provider: options.llm.provider,
    modelId: options.llm.model,
    baseUrl: effectiveBaseUrl(options.llm),
    generate: async (request) => (await (real ??= createModel(options.llm))).generate(request),
  };
}

async function sharedDeps(
  input: RunSynthesisInput,
  model: LanguageModel,
  cache: SynthesisDeps['cache'],
  price: PriceInfo | undefined,
  count: (text: string) => number,
): Promise<Omit<SynthesisDeps, 'onCall'>> {
  const { options } = input;
  const { fs, clock } = input.ports;
  const templates = resolvePromptTemplates(options.promptFile ? await loadPromptFile(fs, options.promptFile) : {});
  const styleGuide = options.styleGuideFile ? await loadStyleGuideFile(fs, options.styleGuideFile) : undefined;
  return {
    model,
    options,
    placeholders: [...input.placeholders],
    countTokens: count,
    countRequestTokens: (request) => countRequestTokens(request, options.llm.model),
    templates,
    cache,
    clock,
    ...(price ? { price } : {}),
    ...(styleGuide !== undefined ? { styleGuide } : {}),
  };
}

/** Re-runs inheritance for a node, then says what is still missing (undefined: nothing). */
function preparer(input: RunSynthesisInput, counter: { inherited: number }, countTokens: (text: string) => number) {
  const { enrich } = input.options;
  const enrichment = enrich === undefined
    ? undefined
    : enrichContext({
        state: input.state,
        graph: input.graph,
        placeholders: input.placeholders,
        settings: enrich,
        seedCategories: input.enrichInput?.seedCategories ?? new Map(),
        sampleTables: input.enrichInput?.sampleTables ?? new Map(),
        sampleRows: input.options.sampleRows ?? SEED_SAMPLE_ROWS,
        countTokens,
      });
  return (id: string) => {
    const changes = inheritColumnDocs(id, input.state, (n) => input.graph.walkAncestorGenerations(n), input.inheritOpts);
    if (input.selected.has(id)) counter.inherited += changes.length;
    const doc = input.state.get(id);
    if (!doc || !doc.writable || !input.selected.has(id)) return undefined;
    // Models, seeds and snapshots get a new YAML entry when they have none (plan-yaml-edits.ts); a
    // source table without one cannot exist, since sources are declared in YAML.
    if (!doc.entry && doc.node.resourceType === 'source') return undefined;
    const seedSample = input.seedSamples?.get(id);
    return nodeContext(doc, input.state, input.graph, input.placeholders, seedSample && maskedSeedSample(doc, seedSample, enrich), enrichment);
  };
}

/** Writes a node's synthesized text into the doc state, so its children inherit it. */
function applier(input: RunSynthesisInput, counts: { columns: number; descriptions: number }, enrichments?: Map<string, NodeEnrichment>) {
  return (id: string, result: NodeSynthesisResult) => {
    const doc = input.state.get(id);
    if (!doc) return;
    if (result.enrichment !== undefined) enrichments?.set(id, result.enrichment);
    for (const [name, text] of result.columns) {
      const column = doc.byName.get(name.toLowerCase());
      if (!column) continue;
      column.description = text;
      column.origin = 'synthesized';
      column.progenitor = id;
      counts.columns++;
    }
    if (result.nodeDescription !== undefined) {
      doc.description = result.nodeDescription;
      doc.descriptionOrigin = 'synthesized';
      counts.descriptions++;
    }
  };
}

/** An LLM report with nothing spent yet; the cost is unknown (null) without a price. */
function emptyReport(options: SynthesisOptions, price: PriceInfo | undefined): LlmReport {
  return { ...emptyLlmReport(options.maxCostUsd), costUsd: price ? 0 : null };
}

async function estimate(input: RunSynthesisInput, deps: Omit<SynthesisDeps, 'onCall'>, price: PriceInfo | undefined): Promise<SynthesisOutcome> {
  const candidates = input.order;
  const result = await estimateSynthesis({
    order: candidates,
    parents: (id) => input.graph.parents(id),
    prepare: preparer(input, { inherited: 0 }, deps.countTokens),
    apply: applier(input, { columns: 0, descriptions: 0 }),
    deps,
  });
  for (const row of result.rows) {
    for (const { planned, cached, inputTokens, outputTokens } of row.requests) {
      input.emit({
        type: 'llm-planned-request',
        node: row.nodeId,
        kind: planned.kind,
        ...(planned.kind === 'column' ? { column: planned.column } : {}),
        request: planned.request,
        cacheKey: planned.cacheKey,
        cached,
        inputTokens,
        outputTokens,
        assumedUpstream: row.assumedUpstream,
      });
    }
  }
  const rows: DryRunRow[] = result.rows.map((r) => ({
    node: r.nodeId,
    strategy: r.strategy,
    ...(r.enrichFields === undefined ? {} : { enrichFields: r.enrichFields }),
    calls: r.calls,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    cachedInputTokens: r.cachedInputTokens,
    usd: r.usd ?? null,
    cacheHits: r.cacheHits,
    assumedUpstream: r.assumedUpstream,
    fitsBudget: r.fitsBudget ?? input.options.maxCostUsd === undefined,
  }));
  const llm = emptyReport(input.options, price);
  llm.estimatedCostUsd = result.totals.usd ?? null;
  const assumptions = [
    `Output tokens are estimated at about 40 per description; input tokens are counted on the requests this run would send (${input.options.llm.provider} ${input.options.llm.model}).`,
    ...(price
      ? [`Prices: $${price.inputPerMTok}/M input, $${price.outputPerMTok}/M output tokens (${price.source}${input.options.batch ? ', at the batch rate: half the synchronous price' : ''}).`]
      : [`No price is known for ${input.options.llm.model}: USD is unknown (set vars.dbt-osmosis.llm.prices in dbt_project.yml).`]),
    describePromptCacheAssumption(input.options.llm.provider, input.options.llm.model, price, result.totals.cachedInputTokens),
    ...(input.options.enrich
      ? [`Enrichment (--enrich): asked in the node's description requests (bulk: all of it; per column: the column's fields; node description: purpose and tags), and what they do not ask in one request of its own; its answer estimated at about ${ESTIMATED_ENRICH_TOKENS_PER_COLUMN} tokens per column${input.options.sampleCommand ? '; --llm-sample-command is not run by a plan, so models are priced without sample rows' : ''}.`]
      : []),
  ];
  return { columnsSynthesized: 0, modelDescriptionsSynthesized: 0, columnsInheritedAfterSynthesis: 0, failures: [], llm, stoppedAtBudget: false, stoppedWaiting: false, nodesLeft: 0, plan: { rows, assumptions }, warnings: [] };
}

/** Adds a call to the report; its cost is what the provider reported times the price (null when unknown). */
function recordCall(llm: LlmReport, call: CallRecord, priceOf: () => PriceInfo | undefined): void {
  if (call.cached) {
    llm.cacheHits++;
    return;
  }
  llm.calls++;
  if (call.failed) llm.failedCalls++;
  if (!call.usage) return;
  llm.inputTokens += call.usage.inputTokens;
  llm.outputTokens += call.usage.outputTokens;
  llm.cachedInputTokens += call.usage.cachedInputTokens ?? 0;
  const price = priceOf();
  llm.costUsd = price && llm.costUsd !== null ? llm.costUsd + costUsd(call.usage, price) : null;
}

/**
 * `--synthesize`: asks the model for what inheritance left missing, parents first, each node
 * re-inheriting before it starts so text synthesized upstream flows down for free. With
 * `--llm-dry-run`, estimates the same plan without a call.
 */
export async function runSynthesis(input: RunSynthesisInput): Promise<SynthesisOutcome> {
  const { options } = input;
  // The price is needed before any call only for a budget or a plan; otherwise it is looked up
  // once a paid answer arrives, so a fully cached run never loads the price table.
  let price: PriceInfo | undefined;
  let priceLookedUp = false;
  const priceNow = (): PriceInfo | undefined => {
    if (!priceLookedUp) {
      price = lookupPrice(options.llm.provider, options.llm.model, options.priceOverrides);
      if (price) price = priceForRequests(options.llm.provider, options.llm.model, price);
      if (price && options.batch) price = atBatchRate(price);
      priceLookedUp = true;
    }
    return price;
  };
  if (options.maxCostUsd !== undefined || options.llmDryRun) priceNow();
  if (options.maxCostUsd !== undefined && !price && !options.llmDryRun) {
    throw new ConfigError(
      `--llm-max-cost needs the price of ${options.llm.provider} model '${options.llm.model}', which the price table does not know. ` +
        `Set it in dbt_project.yml: vars: {dbt-osmosis: {llm: {prices: {'${options.llm.model}': {input_per_mtok: …, output_per_mtok: …}}}}}.`,
    );
  }
  if (options.batch) {
    assertBatchSupport(options.llm);
    if (!options.cachePath && !options.llmDryRun) {
      throw new ConfigError('--llm-batch keeps batch ids in the response cache, so that a later run collects what this one submitted: drop --no-llm-cache.');
    }
  }
  // A plan promises to write nothing: without a cache file yet there is nothing to peek at, and
  // opening one would create it.
  const planWithoutCacheFile = options.llmDryRun && options.cachePath !== undefined && !input.ports.fs.exists(options.cachePath);
  const cacheFile = planWithoutCacheFile ? undefined : options.cachePath;
  const cache: ResponseCachePort = cacheFile ? await input.ports.openCache(cacheFile) : nullCache();
  let waves: BatchWaves | undefined;
  try {
    const counter = await memoTokenCounter(options.llm.model, cache);
    if (options.llmDryRun) {
      // The dry run only looks: `peek` reads without counting a hit, and nothing is saved.
      const peekCache = { get: (key: string) => cache.peek(key), set: () => Promise.resolve() };
      const fromCache = { columns: 0, descriptions: 0 };
      const inherited = { inherited: 0 };
      let cacheHits = 0;
      // Without a cache file every look-up would miss: skip building the requests to look up.
      if (options.useCachedAnswers && cacheFile) {
        const cachedDeps = await sharedDeps(input, planOnlyModel(options), peekCache, undefined, counter.count);
        ({ cacheHits } = await applyCachedAnswers({
          order: input.order,
          parents: (id) => input.graph.parents(id),
          prepare: preparer(input, inherited, counter.count),
          apply: applier(input, fromCache),
          deps: cachedDeps,
        }));
      }
      const deps = await sharedDeps(input, planOnlyModel(options), peekCache, price, counter.count);
      // Stand-ins for what the run would synthesize go into a copy: the state keeps only what
      // would be written (inheritance and cached answers).
      const planned = await estimate({ ...input, state: copyDocState(input.state) }, deps, price);
      return {
        ...planned,
        columnsSynthesized: fromCache.columns,
        modelDescriptionsSynthesized: fromCache.descriptions,
        columnsInheritedAfterSynthesis: inherited.inherited,
        llm: { ...planned.llm, cacheHits },
      };
    }
    const model = lazyModel(options, input.ports.createModel);
    const budget = options.maxCostUsd !== undefined ? new Budget(options.maxCostUsd) : undefined;
    // Calls reserve against the price only under a budget; spend is counted here from usage.
    const shared = await sharedDeps(input, model, cache, budget ? price : undefined, counter.count);
    const llm = emptyLlmReport(options.maxCostUsd);
    if (options.batch) {
      const batch = options.batch;
      const started = input.ports.clock.now();
      waves = createBatchWaves({
        api: lazyBatchApi(options.llm),
        ledger: cache,
        keyOf: (request) => requestCacheKey(request, shared),
        pollMs: batch.pollSeconds * 1000,
        ...(batch.waitSeconds === undefined ? {} : { waitUntil: started + batch.waitSeconds * 1000 }),
        maxRetries: options.llm.maxRetries,
        now: () => input.ports.clock.now(),
        onProgress: (p) => input.emit({ type: 'batch-progress', ...p }),
      });
    }
    const batchWaves = waves;
    // Batched requests wait in the provider's queue, not in ours: every ready node may ask at once.
    const deps: typeof shared = batchWaves ? { ...shared, generate: (_model, request) => batchWaves.generate(request) } : shared;
    const concurrency = batchWaves ? Number.POSITIVE_INFINITY : options.concurrency;
    const counts = { columns: 0, descriptions: 0 };
    const enrichments = new Map<string, NodeEnrichment>();
    const inheritedCounter = { inherited: 0 };
    const candidates = input.order;
    let nodesDone = 0;
    const nodesTotal = [...input.selected].length;
    const onCall = (call: CallRecord): void => {
      recordCall(llm, call, priceNow);
      input.onCall?.(call);
      input.emit({
        type: 'llm-call',
        node: call.node,
        strategy: call.strategy,
        cached: call.cached,
        failed: call.failed,
        ...(call.column ? { column: call.column } : {}),
        ...(call.usage ? { inputTokens: call.usage.inputTokens, outputTokens: call.usage.outputTokens } : {}),
        ...(call.latencyMs !== undefined ? { latencyMs: call.latencyMs } : {}),
      });
      input.emit({ type: 'synthesis-progress', nodesDone, nodesTotal, calls: llm.calls, cacheHits: llm.cacheHits, costUsd: llm.costUsd });
    };
    const outcome = await scheduleSynthesis({
      order: candidates,
      parents: (id) => input.graph.parents(id),
      prepare: preparer(input, inheritedCounter, counter.count),
      synthesize: (ctx, gate) => synthesizeNode(ctx, { ...deps, gate, onCall, ...(budget ? { budget } : {}) }),
      apply: applier(input, counts, enrichments),
      concurrency,
      ...(options.requestsPerMinute !== undefined ? { requestsPerMinute: options.requestsPerMinute } : {}),
      onNodeDone: (id) => {
        if (input.selected.has(id)) nodesDone++;
        input.emit({ type: 'synthesis-progress', nodesDone, nodesTotal, calls: llm.calls, cacheHits: llm.cacheHits, costUsd: llm.costUsd });
      },
    });
    await counter.save();
    // Answers collected from batches are in the cache now; their batch ids are no longer needed.
    await waves?.finish();
    if (outcome.fatal) throw outcome.fatal;
    // Work the budget or the batch wait stopped is left for the next run, not failed.
    const failures: Failure[] = [];
    for (const [node, result] of outcome.results) {
      for (const f of result.failures) {
        if (f.stop === 'budget' || f.stop === 'batch-wait') continue;
        failures.push({ node, ...(f.column ? { column: f.column } : {}), error: f.error });
      }
    }
    const nodesLeft = outcome.notStarted.length + [...outcome.results.values()].filter((r) => r.stoppedAtBudget === true || r.stoppedWaiting === true).length;
    if (waves) llm.batch = { waves: waves.progress().waves, submitted: waves.progress().submitted, completed: waves.progress().completed, pending: waves.progress().pending };
    if (budget) {
      llm.budgetExhausted = budget.exhausted || outcome.stoppedAtBudget;
      if (price) llm.costUsd = budget.spentUsd;
    }
    const warnings = [...outcome.results.values()].flatMap((r) => r.diagnostics.filter((d) => d.level !== 'info').map((d) => `${d.node}${d.column ? `.${d.column}` : ''}: ${d.message}`));
    if (waves) warnings.unshift(...waves.warnings());
    return {
      columnsSynthesized: counts.columns,
      modelDescriptionsSynthesized: counts.descriptions,
      columnsInheritedAfterSynthesis: inheritedCounter.inherited,
      failures,
      llm,
      stoppedAtBudget: outcome.stoppedAtBudget,
      stoppedWaiting: outcome.stoppedWaiting,
      nodesLeft,
      warnings,
      ...(options.enrich ? { enrichments } : {}),
    };
  } finally {
    await waves?.finish();
    await cache.close();
  }
}
