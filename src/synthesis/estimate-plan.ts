/**
 * `--llm-dry-run`: walks the nodes in schedule order and builds the very requests a run would send
 * (so input tokens match what is sent), without calling the model. Where the run would synthesize
 * text for a parent, `apply` receives a stand-in of typical length so children's prompts (and
 * what inheritance leaves missing) are sized as in the run; those rows say `assumedUpstream`.
 */
import type { GenerateRequest } from '../llm/types.js';
import { parseJsonAnswer } from '../llm/parse-json-answer.js';
import {
  buildBulkRequest,
  buildColumnRequest,
  buildEnrichRequest,
  buildNodeDescriptionRequest,
  nodePromptVariables,
} from './build-request.js';
import { askedFields, type EnrichAsk } from '../enrich/enrich-ask.js';
import { validateEnrichment } from '../enrich/validate-enrichment.js';
import { contextAfterSynthesis } from './context-after-synthesis.js';
import { requestCacheKey } from './call-model.js';
import { chooseStrategy, requestSettingsOf, type NodeStrategy } from './choose-strategy.js';
import { estimateCallUsd } from '../cost/budget.js';
import { costUsd } from '../cost/prices.js';
import { promptCacheRule } from '../cost/prompt-caching.js';
import { nodePromptCache } from './estimate-prompt-cache.js';
import type { SynthesisDeps } from './synthesis-deps.js';
import type { NodeSynthesisResult, SynthesisNodeContext } from './types.js';
import { validateBulkAnswer, validateDescriptionAnswer, type AnswerRules } from './validate-answer.js';

/*
 * Output tokens of one description: the default prompt asks for one or two sentences, which run
 * 25-50 tokens; 40 keeps estimates slightly on the high side.
 */
export const ESTIMATED_TOKENS_PER_DESCRIPTION = 40;
/** JSON around one value: quotes, colon, comma, plus the key's own tokens (counted separately). */
export const ESTIMATED_JSON_TOKENS_PER_VALUE = 4;
/** The object braces and the "columns" / "description" keys of an answer. */
export const ESTIMATED_JSON_TOKENS_PER_ANSWER = 8;

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
  strategy: NodeStrategy;
  /** With `--enrich`: the fields its requests ask for besides descriptions. */
  enrichFields?: string[];
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

export interface SynthesisEstimate {
  rows: NodeEstimate[];
  totals: {
    nodes: number;
    calls: number;
    cacheHits: number;
    inputTokens: number;
    outputTokens: number;
    cachedInputTokens: number;
    usd?: number;
    /** Nodes that fit under the budget (all of them without a budget). */
    nodesWithinBudget: number;
  };
}

export async function estimateSynthesis(input: EstimateInput): Promise<SynthesisEstimate> {
  const { deps } = input;
  const settings = requestSettingsOf(deps);
  const rules: AnswerRules = {
    placeholders: deps.placeholders,
    ...(deps.maxDescriptionLength === undefined ? {} : { maxLength: deps.maxDescriptionLength }),
  };
  const budget = deps.options.maxCostUsd;
  const cacheRule = promptCacheRule(deps.model.provider, deps.model.modelId);
  const synthesized = new Set<string>();
  const rows: NodeEstimate[] = [];
  let spent = 0;
  let overBudget = false;

  for (const id of input.order) {
    const ctx = input.prepare(id);
    if (ctx === undefined) continue;
    const strategy = chooseStrategy(ctx, deps.options.bulkThreshold);
    if (strategy === 'none' && ctx.enrich === undefined) continue;
    const variables = nodePromptVariables(ctx, settings);
    const planned: { request: GenerateRequest; check: (raw: unknown) => { errors: string[] }; outputTokens: number }[] = [];
    if (strategy === 'bulk') {
      const columns = ctx.missingColumns;
      planned.push({
        request: buildBulkRequest(ctx, columns, ctx.needsNodeDescription, settings, variables),
        check: (raw) => validateBulkAnswer(raw, columns, ctx.needsNodeDescription, rules),
        outputTokens: bulkOutputTokens(columns, ctx.needsNodeDescription, deps.countTokens),
      });
    } else {
      for (const column of ctx.missingColumns) {
        planned.push({
          request: buildColumnRequest(ctx, column, settings, variables),
          check: (raw) => validateDescriptionAnswer(raw, rules),
          outputTokens: ESTIMATED_TOKENS_PER_DESCRIPTION + ESTIMATED_JSON_TOKENS_PER_ANSWER,
        });
      }
      if (ctx.needsNodeDescription) {
        planned.push({
          request: buildNodeDescriptionRequest(ctx, settings, variables),
          check: (raw) => validateDescriptionAnswer(raw, rules),
          outputTokens: ESTIMATED_TOKENS_PER_DESCRIPTION + ESTIMATED_JSON_TOKENS_PER_ANSWER,
        });
      }
    }

    if (ctx.enrich !== undefined) {
      const ask = ctx.enrich;
      // As the run builds it: after the node's descriptions (stand-ins here) are in its context.
      const after = contextAfterSynthesis(ctx, standInResult(ctx));
      planned.push({
        request: buildEnrichRequest(after, ask, settings),
        check: (raw) => validateEnrichment(raw, id, ask, rules),
        outputTokens: enrichOutputTokens(ask, deps.countTokens),
      });
    }

    const row: NodeEstimate = {
      nodeId: id,
      strategy,
      ...(ctx.enrich === undefined ? {} : { enrichFields: askedFields(ctx.enrich) }),
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
      const hit = deps.cache === undefined ? undefined : await deps.cache.get(requestCacheKey(call.request, deps));
      if (hit !== undefined && call.check(hit.object ?? parseJsonAnswer(hit.text)).errors.length === 0) {
        row.cacheHits += 1;
        continue;
      }
      const inputTokens = deps.countRequestTokens(call.request);
      const outputTokens = Math.min(call.outputTokens, call.request.maxOutputTokens);
      const cached = promptCache(call.request);
      row.inputTokens += inputTokens;
      row.outputTokens += outputTokens;
      row.cachedInputTokens += cached.cachedInputTokens ?? 0;
      if (deps.price === undefined) continue;
      const callUsd = costUsd({ inputTokens, outputTokens, ...cached }, deps.price);
      // The run reserves input + max output tokens before each call and refuses one that could
      // cross the budget, so a call fits only if its reservation does.
      const reservation = estimateCallUsd(inputTokens, call.request.maxOutputTokens, deps.price);
      if (budget !== undefined && spent + usd + reservation > budget) fits = false;
      usd += callUsd;
    }
    if (deps.price !== undefined) {
      row.usd = usd;
      row.fitsBudget = fits;
      if (fits) spent += usd;
      else overBudget = true;
    } else if (budget === undefined) {
      row.fitsBudget = true;
    }
    rows.push(row);

    input.apply(id, standInResult(ctx));
    synthesized.add(id);
  }
  return { rows, totals: totalsOf(rows, deps.price !== undefined) };
}

function bulkOutputTokens(
  columns: readonly string[],
  withDescription: boolean,
  countTokens: (text: string) => number,
): number {
  let tokens = ESTIMATED_JSON_TOKENS_PER_ANSWER;
  for (const column of columns) {
    tokens += countTokens(column) + ESTIMATED_JSON_TOKENS_PER_VALUE + ESTIMATED_TOKENS_PER_DESCRIPTION;
  }
  if (withDescription) tokens += ESTIMATED_JSON_TOKENS_PER_VALUE + ESTIMATED_TOKENS_PER_DESCRIPTION + 3;
  return tokens;
}

/*
 * An enrichment answer is mostly enum values: a category, a tag or two, a test or two per column
 * (about 20 tokens with their JSON), plus a purpose as long as a description.
 */
export const ESTIMATED_ENRICH_TOKENS_PER_COLUMN = 20;

function enrichOutputTokens(ask: EnrichAsk, countTokens: (text: string) => number): number {
  let tokens = ESTIMATED_JSON_TOKENS_PER_ANSWER;
  for (const column of ask.columns) tokens += countTokens(column.name) + ESTIMATED_ENRICH_TOKENS_PER_COLUMN;
  if (ask.purpose) tokens += ESTIMATED_JSON_TOKENS_PER_VALUE + ESTIMATED_TOKENS_PER_DESCRIPTION;
  if (ask.nodeTags.length > 0) tokens += ESTIMATED_JSON_TOKENS_PER_VALUE + 6;
  return tokens;
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
