/**
 * The synthesis plan of one node, as data: its strategy and the first requests a run sends, each
 * with its validator, expected output size and cache key. The run carries it out
 * (synthesize-node.ts) and the dry run prices it (estimate-plan.ts), so the two cannot drift.
 * Repairs and the per-column fallback after a bulk answer depend on the answers, so the run
 * builds them, from the same settings through `planSingleRequest`. With `--enrich`, the node's
 * description requests also ask their part of its enrichment (src/enrich/fold-enrichment.ts);
 * `planEnrichRequest` plans the request for what they leave.
 */
import type { GenerateRequest } from '../../llm/types.js';
import {
  buildBulkRequest,
  buildColumnRequest,
  buildEnrichRequest,
  buildNodeDescriptionRequest,
  nodePromptVariables,
  type RequestSettings,
} from './build-request.js';
import { requestCacheKey } from '../run/call-model.js';
import { chooseStrategy, requestSettingsOf } from './choose-strategy.js';
import type { PromptVariables } from './prompt-templates.js';
import type { SynthesisDeps } from '../synthesis-deps.js';
import type { SynthesisNodeContext } from '../types.js';
import {
  validateBulkAnswer,
  validateDescriptionAnswer,
  type AnswerRules,
  type BulkAnswerCheck,
  type DescriptionAnswerCheck,
} from './validate-answer.js';
import { bulkOutputTokens, DESCRIPTION_ANSWER_TOKENS, enrichOutputTokens } from './estimate-output-tokens.js';
import { validateEnrichment, type EnrichmentCheck } from '../../enrich/validate-enrichment.js';
import { enrichmentIdentityKey } from '../../enrich/enrichment-identity.js';
import type { EnrichAsk } from '../../enrich/enrich-ask.js';
import { columnPart, nodePart } from '../../enrich/fold-enrichment.js';

/** What planning needs from the run's deps (no model call, cache, budget or clock). */
export type PlanDeps = Pick<
  SynthesisDeps,
  'model' | 'cacheKey' | 'options' | 'placeholders' | 'templates' | 'styleGuide' | 'maxDescriptionLength' | 'countTokens'
>;

interface PlannedCall<Kind extends string, Check> {
  kind: Kind;
  request: GenerateRequest;
  /** Checks a parsed answer (from the model or the cache) against what this request asked. */
  validate(raw: unknown): Check;
  /** Output tokens a typical answer takes (at most `request.maxOutputTokens`). */
  estimatedOutputTokens: number;
  /** The response-cache key of `request` for this run's model. */
  cacheKey: string;
}

/** The enrichment part of a folded answer, checked; its errors never fail the descriptions. */
export type FoldedEnrichmentCheck = EnrichmentCheck & { answer: unknown };

/** A description answer's check; with enrichment folded in, also that of its "enrichment" part. */
export type Folded<Check> = Check & { enrichment?: FoldedEnrichmentCheck };
export type FoldedBulkCheck = Folded<BulkAnswerCheck>;

/** The part of the node's enrichment ask a description request carries (fold-enrichment.ts). */
export interface FoldedAsk {
  ask: EnrichAsk;
}

/**
 * One request for a node's missing columns, and its description when that is missing too. With
 * `--enrich` it also asks the node's whole enrichment (`folded`).
 */
export type PlannedBulkRequest = PlannedCall<'bulk', FoldedBulkCheck> & {
  columns: readonly string[];
  withNodeDescription: boolean;
  folded?: FoldedAsk;
};

/**
 * One request for one column (`column` set) or for the node description. With `--enrich`, also
 * the column's enrichment fields, or the node's purpose and tags (`folded`).
 */
export type PlannedSingleRequest =
  | (PlannedCall<'column', Folded<DescriptionAnswerCheck>> & { column: string; folded?: FoldedAsk })
  | (PlannedCall<'node-description', Folded<DescriptionAnswerCheck>> & { folded?: FoldedAsk });

/** A node's enrichment request (`--enrich`); the run builds it after the node's descriptions. */
export type PlannedEnrichRequest = PlannedCall<'enrich', EnrichmentCheck> & {
  /** Cache key of the node's enrichment as a question, whatever its prompt (enrichment-identity.ts). */
  identityKey: string;
};

export type PlannedRequest = PlannedBulkRequest | PlannedSingleRequest | PlannedEnrichRequest;

interface PlanBase {
  nodeId: string;
  /** Shared by the node's requests; the run builds repairs and fallbacks from them. */
  settings: RequestSettings;
  variables: PromptVariables;
  rules: AnswerRules;
  /** The plan's cache keys are computed with this; repairs and fallbacks use it too. */
  keyOf(request: GenerateRequest): string;
}

/** A node's plan: one bulk request, or one request per missing column plus the description. */
export type NodePlan =
  | (PlanBase & { strategy: 'bulk'; requests: [PlannedBulkRequest] })
  | (PlanBase & { strategy: 'per-column'; requests: PlannedSingleRequest[] });

/**
 * The node's plan, or undefined when nothing is missing. Pure: no call, no cache read. `fold`:
 * whether its description requests also ask its enrichment (see `shouldFold`).
 */
export function planNode(ctx: SynthesisNodeContext, deps: PlanDeps, fold = true): NodePlan | undefined {
  const strategy = chooseStrategy(ctx, deps.options.bulkThreshold);
  if (strategy === 'none') return undefined;
  const settings = requestSettingsOf(deps);
  const base: PlanBase = {
    nodeId: ctx.node.uniqueId,
    settings,
    variables: nodePromptVariables(ctx, settings),
    rules: {
      placeholders: deps.placeholders,
      ...(deps.maxDescriptionLength === undefined ? {} : { maxLength: deps.maxDescriptionLength }),
    },
    keyOf: (request) => requestCacheKey(request, deps),
  };
  if (strategy === 'bulk') {
    const columns = ctx.missingColumns;
    const withNodeDescription = ctx.needsNodeDescription;
    const ask = fold ? ctx.enrich : undefined;
    const request = buildBulkRequest(ctx, columns, withNodeDescription, settings, base.variables, ask);
    const rules = base.rules;
    const nodeId = ctx.node.uniqueId;
    const bulk: PlannedBulkRequest = {
      kind: 'bulk',
      columns,
      withNodeDescription,
      request,
      validate: (raw) => withFolded(validateBulkAnswer(raw, columns, withNodeDescription, rules), raw, nodeId, ask, rules),
      estimatedOutputTokens: Math.min(
        bulkOutputTokens(columns, withNodeDescription, deps.countTokens) + (ask === undefined ? 0 : enrichOutputTokens(ask, deps.countTokens)),
        request.maxOutputTokens,
      ),
      cacheKey: base.keyOf(request),
      ...(ask === undefined ? {} : { folded: { ask } }),
    };
    return { ...base, strategy, requests: [bulk] };
  }
  // Sample rows from --llm-sample-command would be repeated in every request: not folded then.
  const ask = fold && ctx.enrich?.sample === undefined ? ctx.enrich : undefined;
  const requests = ctx.missingColumns.map((column) => planSingleRequest(ctx, base, column, ask === undefined ? undefined : columnPart(ask, column)));
  if (ctx.needsNodeDescription) requests.push(planSingleRequest(ctx, base, undefined, ask === undefined ? undefined : nodePart(ask)));
  return { ...base, strategy, requests };
}

/**
 * The request for one column, or with `column` undefined for the node description: the
 * per-column plan's requests, and what the run asks when a bulk answer leaves something out.
 */
export function planSingleRequest(
  ctx: SynthesisNodeContext,
  plan: PlanBase,
  column: string | undefined,
  fold?: EnrichAsk,
): PlannedSingleRequest {
  const { rules } = plan;
  const request =
    column === undefined
      ? buildNodeDescriptionRequest(ctx, plan.settings, plan.variables, fold)
      : buildColumnRequest(ctx, column, plan.settings, plan.variables, fold);
  const nodeId = ctx.node.uniqueId;
  const shared = {
    request,
    validate: (raw: unknown) => withFolded(validateDescriptionAnswer(raw, rules), raw, nodeId, fold, rules),
    estimatedOutputTokens: Math.min(DESCRIPTION_ANSWER_TOKENS + (fold === undefined ? 0 : enrichOutputTokens(fold, plan.settings.countTokens)), request.maxOutputTokens),
    cacheKey: plan.keyOf(request),
    ...(fold === undefined ? {} : { folded: { ask: fold } }),
  };
  return column === undefined ? { kind: 'node-description', ...shared } : { kind: 'column', column, ...shared };
}

/** `check`, with the check of the answer's "enrichment" part when `fold` asked one. */
function withFolded<Check>(check: Check, raw: unknown, nodeId: string, fold: EnrichAsk | undefined, rules: AnswerRules): Folded<Check> {
  if (fold === undefined) return check as Folded<Check>;
  const answer = typeof raw === 'object' && raw !== null ? (raw as { enrichment?: unknown }).enrichment : undefined;
  return { ...check, enrichment: { ...validateEnrichment(answer, nodeId, fold, rules), answer } };
}

/**
 * The enrichment request of a node whose context asks for one (`ctx.enrich`). The run plans it
 * from the context after the node's descriptions are synthesized, the dry run from the context
 * with stand-ins for them (see context-after-synthesis.ts).
 */
export function planEnrichRequest(ctx: SynthesisNodeContext, deps: PlanDeps): PlannedEnrichRequest | undefined {
  const ask = ctx.enrich;
  if (ask === undefined) return undefined;
  const settings = requestSettingsOf(deps);
  const rules: AnswerRules = {
    placeholders: deps.placeholders,
    ...(deps.maxDescriptionLength === undefined ? {} : { maxLength: deps.maxDescriptionLength }),
  };
  const request = buildEnrichRequest(ctx, ask, settings, nodePromptVariables(ctx, settings));
  const nodeId = ctx.node.uniqueId;
  return {
    kind: 'enrich',
    request,
    validate: (raw) => validateEnrichment(raw, nodeId, ask, rules),
    estimatedOutputTokens: Math.min(enrichOutputTokens(ask, deps.countTokens), request.maxOutputTokens),
    cacheKey: requestCacheKey(request, deps),
    identityKey: enrichmentIdentityKey(ctx, deps.model, deps.options.enrich?.fields ?? []),
  };
}
