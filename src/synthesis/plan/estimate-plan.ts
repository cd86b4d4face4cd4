/**
 * `--llm-dry-run`: walks the nodes in schedule order and prices each node's plan (plan/plan-node.ts),
 * the very requests a run sends first, without calling the model. Where the run would synthesize
 * text for a parent, `apply` receives a stand-in of typical length so children's prompts (and
 * what inheritance leaves missing) are sized as in the run; those rows say `assumedUpstream`.
 */
import { parseJsonAnswer } from '../../llm/parse-json-answer.js';
import { Budget, estimateCallUsd, reserveCall } from '../../cost/budget.js';
import { askedFields, asksAnything } from '../../enrich/enrich-ask.js';
import { residualAsk } from '../../enrich/fold-enrichment.js';
import { contextAfterSynthesis } from './context-after-synthesis.js';
import { rememberedEnrichment, shouldFold } from '../run/synthesize-enrichment.js';
import { costUsd } from '../../cost/prices.js';
import { promptCacheRule } from '../../cost/prompt-caching.js';
import { nodePromptCache } from './estimate-prompt-cache.js';
import { planEnrichRequest, planNode, type NodePlan, type PlannedEnrichRequest, type PlannedRequest } from './plan-node.js';
import type { SynthesisDeps } from '../synthesis-deps.js';
import type { NodeSynthesisResult, SynthesisNodeContext } from '../types.js';

/**
 * A stand-in for synthesized text, about as long as a typical description (one sentence of 15-25
 * words, ~25 tokens). Its length matters: children's prompts carry their parents' descriptions,
 * and on a deep DAG a stand-in 6 tokens too long overestimated input tokens by 8%.
 */
export function standInDescription(name: string): string {
  return `Stand-in for synthesized text on ${name}: one or two sentences saying what the value holds and where it comes from.`;
}

export type EstimateDeps = Pick<
  SynthesisDeps,
  | 'model'
  | 'cache'
  | 'price'
  | 'options'
  | 'placeholders'
  | 'countTokens'
  | 'countRequestTokens'
  | 'templates'
  | 'styleGuide'
  | 'maxDescriptionLength'
  | 'cacheKey'
>;

export interface EstimateInput {
  /** Candidate nodes in topological order (the schedule order with concurrency 1). */
  order: readonly string[];
  parents(id: string): readonly string[];
  prepare(id: string): SynthesisNodeContext | undefined;
  /** Receives stand-in results, as the run's `apply` receives real ones. */
  apply(id: string, result: NodeSynthesisResult): void;
  deps: EstimateDeps;
}

export interface NodeEstimate {
  nodeId: string;
  /** 'none' for a node whose only request is its enrichment. */
  strategy: NodePlan['strategy'] | 'none';
  /** The plan priced here: the requests the run sends first, in order; absent: enrichment only. */
  plan?: NodePlan;
  /** With `--enrich`: its enrichment request, sent after the plan's (stand-in descriptions here) for what they do not ask themselves. */
  enrich?: PlannedEnrichRequest;
  /** With `--enrich`: the fields its requests ask for besides descriptions. */
  enrichFields?: string[];
  /** Each of `plan.requests`, then `enrich`, priced (same order). */
  requests: PricedRequest[];
  /** Requests the run would make, cache hits included. */
  calls: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  /** Of `inputTokens`, those the provider's prompt cache is assumed to serve. */
  cachedInputTokens: number;
  /** Undefined when the price is unknown. */
  usd?: number;
  /** True when the prompts hold stand-ins for text this run would synthesize upstream. */
  assumedUpstream: boolean;
  /** Whether the node's calls fit under `maxCostUsd` in schedule order; undefined: price unknown. */
  fitsBudget?: boolean;
}

/** One planned request as the dry run sees it. */
export interface PricedRequest {
  planned: PlannedRequest;
  /** The response cache holds a valid answer: the run will not call (tokens and USD are 0). */
  cached: boolean;
  inputTokens: number;
  outputTokens: number;
  /** What the run reserves against `--llm-max-cost` before the call; undefined: cached or no price. */
  reservationUsd?: number;
}

export interface SynthesisEstimate {
  rows: NodeEstimate[];
  /** The rows' sums, under the rows' names. */
  totals: Pick<NodeEstimate, 'calls' | 'cacheHits' | 'inputTokens' | 'outputTokens' | 'cachedInputTokens' | 'usd'> & {
    nodes: number;
    /** Nodes that fit under the budget (all of them without a budget). */
    nodesWithinBudget: number;
  };
}

export async function estimateSynthesis(input: EstimateInput): Promise<SynthesisEstimate> {
  const { deps } = input;
  const cacheRule = promptCacheRule(deps.model.provider, deps.model.modelId);
  // The run's own budget rule, replayed in schedule order with each call's estimated cost.
  const budget = new Budget(deps.options.maxCostUsd);
  const synthesized = new Set<string>();
  const rows: NodeEstimate[] = [];
  let overBudget = false;

  for (const id of input.order) {
    const ctx = input.prepare(id);
    if (ctx === undefined) continue;
    const plan = planNode(ctx, deps, await shouldFold(ctx, deps));
    // As the run builds it: after the node's descriptions (stand-ins here) are in its context.
    // What the description requests do not ask (fold-enrichment.ts), assuming their answers usable.
    const folded = (plan?.requests ?? []).flatMap((r) => (r.folded === undefined ? [] : [r.folded.ask]));
    const residual = ctx.enrich === undefined ? undefined : residualAsk(ctx.enrich, folded);
    const enrich = residual === undefined || !asksAnything(residual) ? undefined : planEnrichRequest(contextAfterSynthesis({ ...ctx, enrich: residual }, standInResult(ctx)), deps);
    if (plan === undefined && enrich === undefined) continue;
    const planned: PlannedRequest[] = [...(plan?.requests ?? []), ...(enrich === undefined ? [] : [enrich])];

    const row: NodeEstimate = {
      nodeId: id,
      strategy: plan?.strategy ?? 'none',
      ...(plan === undefined ? {} : { plan }),
      ...(enrich === undefined ? {} : { enrich }),
      ...(ctx.enrich === undefined ? {} : { enrichFields: askedFields(ctx.enrich) }),
      requests: [],
      calls: planned.length,
      cacheHits: 0,
      inputTokens: 0,
      outputTokens: 0,
      cachedInputTokens: 0,
      assumedUpstream:
        input.parents(id).some((p) => synthesized.has(p)) ||
        ctx.upstream.some((u) => synthesized.has(u.uniqueId)),
    };
    let usd = 0;
    let fits = !overBudget;
    const promptCache = nodePromptCache(cacheRule, deps.countRequestTokens);
    for (const call of planned) {
      const hit = await deps.cache.get(call.cacheKey);
      const remembered = call.kind === 'enrich' && (await rememberedEnrichment(call, deps.cache)) !== undefined;
      if (remembered || (hit !== undefined && call.validate(hit.object ?? parseJsonAnswer(hit.text)).errors.length === 0)) {
        row.requests.push({ planned: call, cached: true, inputTokens: 0, outputTokens: 0 });
        row.cacheHits += 1;
        continue;
      }
      const priced: PricedRequest = {
        planned: call,
        cached: false,
        inputTokens: deps.countRequestTokens(call.request),
        outputTokens: call.estimatedOutputTokens,
      };
      row.requests.push(priced);
      const prompt = promptCache(call.request);
      row.inputTokens += priced.inputTokens;
      row.outputTokens += priced.outputTokens;
      row.cachedInputTokens += prompt.cachedInputTokens ?? 0;
      if (deps.price === undefined) continue;
      const callUsd = costUsd({ inputTokens: priced.inputTokens, outputTokens: priced.outputTokens, ...prompt }, deps.price);
      usd += callUsd;
      priced.reservationUsd = estimateCallUsd(priced.inputTokens, call.request.maxOutputTokens, deps.price);
      if (!fits) continue;
      // As in the run: the call starts only if its worst case can be reserved; then it costs
      // what it is estimated to cost.
      const reservation = reserveCall(budget, priced.inputTokens, call.request.maxOutputTokens, deps.price);
      if (reservation === undefined) fits = false;
      else budget.commit(reservation.handle, callUsd);
    }
    if (deps.price !== undefined) {
      row.usd = usd;
      row.fitsBudget = fits;
      if (!fits) overBudget = true;
    } else if (deps.options.maxCostUsd === undefined) {
      row.fitsBudget = true;
    }
    rows.push(row);

    input.apply(id, standInResult(ctx));
    synthesized.add(id);
  }
  return { rows, totals: totalsOf(rows, deps.price !== undefined) };
}

function standInResult(ctx: SynthesisNodeContext): NodeSynthesisResult {
  return {
    nodeId: ctx.node.uniqueId,
    ...(ctx.needsNodeDescription ? { nodeDescription: standInDescription(ctx.node.name) } : {}),
    columns: new Map(ctx.missingColumns.map((c) => [c, standInDescription(c)])),
    failures: [],
    diagnostics: [],
    calls: [],
  };
}

function totalsOf(rows: readonly NodeEstimate[], priced: boolean): SynthesisEstimate['totals'] {
  const totals: SynthesisEstimate['totals'] = {
    nodes: rows.length,
    calls: 0,
    cacheHits: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    nodesWithinBudget: 0,
  };
  let usd = 0;
  for (const row of rows) {
    totals.calls += row.calls;
    totals.cacheHits += row.cacheHits;
    totals.inputTokens += row.inputTokens;
    totals.outputTokens += row.outputTokens;
    totals.cachedInputTokens += row.cachedInputTokens;
    usd += row.usd ?? 0;
    if (row.fitsBudget === true) totals.nodesWithinBudget += 1;
  }
  if (priced) totals.usd = usd;
  return totals;
}
