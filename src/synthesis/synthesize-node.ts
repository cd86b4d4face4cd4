/**
 * Synthesizes what one node is missing by carrying out its plan (plan/plan-node.ts: bulk or
 * per-column requests), with repairs of invalid answers and a per-column fallback for what a bulk answer left out.
 * Fatal provider errors propagate (after the node's in-flight calls settle); every other failure
 * is listed in the result and the node returns normally.
 */
import { bulkAnswerSchema } from './answer-schema.js';
import { buildRepairRequest, bulkMaxOutputTokens } from './build-request.js';
import { describeStop, type StopReason } from './call-gate.js';
import { promptCacheRule } from '../cost/prompt-caching.js';
import { callModel } from './call-model.js';
import { planNode, planSingleRequest, type FoldedBulkCheck, type NodePlan, type PlannedBulkRequest, type PlannedSingleRequest } from './plan/plan-node.js';
import type { SynthesisDeps } from './synthesis-deps.js';
import type { CallRecord, NodeSynthesisResult, SynthesisNodeContext } from './types.js';
import { validateBulkAnswer } from './validate-answer.js';
import { rememberEnrichment, synthesizeEnrichment } from './synthesize-enrichment.js';
import { contextAfterSynthesis } from './context-after-synthesis.js';

export type { SynthesisDeps } from './synthesis-deps.js';

interface NodeRun {
  ctx: SynthesisNodeContext;
  deps: SynthesisDeps;
  plan: NodePlan;
  result: NodeSynthesisResult;
  /** Set when a call was not started; the node's remaining work is then not started either. */
  stopped?: StopReason;
  record(call: CallRecord): void;
}

export async function synthesizeNode(
  ctx: SynthesisNodeContext,
  deps: SynthesisDeps,
): Promise<NodeSynthesisResult> {
  const result: NodeSynthesisResult = {
    nodeId: ctx.node.uniqueId,
    columns: new Map(),
    failures: [],
    diagnostics: [],
    calls: [],
  };
  const plan = planNode(ctx, deps);
  if (plan === undefined && ctx.enrich === undefined) return result;
  const record = (call: CallRecord): void => {
    result.calls.push(call);
    deps.onCall?.(call);
  };
  // Where a stop is noted; shared by the description requests and the enrichment request.
  const halt: { stopped?: StopReason } = {};
  const folded = plan === undefined ? undefined : await synthesizeDescriptions({ ctx, deps, plan, result, record }, halt);
  const tookFolded = folded !== undefined && (await takeFoldedEnrichment(folded, plan, deps, result));
  if (ctx.enrich !== undefined && !tookFolded) {
    // Asked last, with this node's new descriptions in its context (see contextAfterSynthesis).
    await synthesizeEnrichment({ ctx: contextAfterSynthesis(ctx, result), deps, result, record, stop: (reason) => stop(halt, reason), stopped: () => halt.stopped });
  }

  if (halt.stopped === 'budget') result.stoppedAtBudget = true;
  if (halt.stopped === 'batch-wait') result.stoppedWaiting = true;
  sortResult(result, ctx.missingColumns);
  return result;
}

/**
 * Uses the enrichment part of a folded bulk answer: true when it was usable, and the node then
 * sends no enrichment request of its own. It is also stored under the node's enrichment identity,
 * so a later run whose bulk request is gone (descriptions applied) reuses it (enrichment-identity.ts).
 */
async function takeFoldedEnrichment(folded: FoldedAnswer, plan: NodePlan | undefined, deps: SynthesisDeps, result: NodeSynthesisResult): Promise<boolean> {
  const planned = plan?.strategy === 'bulk' ? plan.requests[0] : undefined;
  if (planned?.folded === undefined) return false;
  const node = plan?.nodeId ?? result.nodeId;
  const { check, cached } = folded;
  if (check.errors.length > 0) {
    result.diagnostics.push({ level: 'warning', node, message: `enrichment part of the bulk answer unusable (${check.errors.join(' ')}); asking it in a request of its own` });
    return false;
  }
  if (!cached) await rememberEnrichment(deps, planned.folded.identityKey, JSON.stringify(check.answer));
  for (const d of check.dropped) result.diagnostics.push({ level: 'warning', node, ...(d.column === undefined ? {} : { column: d.column }), message: d.message });
  result.enrichment = check.enrichment;
  return true;
}

/** The enrichment part of a folded bulk answer, from its first answer (repairs ask descriptions only). */
interface FoldedAnswer {
  check: NonNullable<FoldedBulkCheck['enrichment']>;
  cached: boolean;
}

/** The node's planned description requests, repairs and the bulk fallback. */
async function synthesizeDescriptions(parts: Omit<NodeRun, 'stopped'>, halt: { stopped?: StopReason }): Promise<FoldedAnswer | undefined> {
  const { ctx, deps, plan } = parts;
  const run: NodeRun = parts;
  let singles: PlannedSingleRequest[];
  let folded: FoldedAnswer | undefined;
  if (plan.strategy === 'bulk') {
    const { columns, wantDescription, enrichment } = await synthesizeBulk(run, plan.requests[0]);
    folded = enrichment;
    // The per-column fallback for what the bulk answer left out.
    singles = columns.map((column) => planSingleRequest(ctx, plan, column));
    if (wantDescription) singles.push(planSingleRequest(ctx, plan, undefined));
  } else {
    singles = plan.requests;
  }

  const tasks: (() => Promise<void>)[] = singles.map((planned) => () => synthesizeOne(run, planned));
  // The requests share a prefix (system text and the node's context) that a caching provider
  // serves to later requests only once it has processed one: the first goes alone.
  const warmFirst = tasks.length > 1 && promptCacheRule(deps.model.provider, deps.model.modelId) !== undefined;
  const [head, ...tail] = tasks;
  if (warmFirst && head !== undefined) await head();
  const settled = await Promise.allSettled((warmFirst ? tail : tasks).map((task) => task()));
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected !== undefined) throw rejected.reason;
  halt.stopped ??= run.stopped;
  return folded;
}

/** The planned bulk request plus repairs; returns what is still missing for the per-column fallback. */
async function synthesizeBulk(
  run: NodeRun,
  planned: PlannedBulkRequest,
): Promise<{ columns: string[]; wantDescription: boolean; enrichment?: FoldedAnswer }> {
  const { deps, plan, result } = run;
  let enrichment: FoldedAnswer | undefined;
  const node = plan.nodeId;
  let columns = [...planned.columns];
  let wantDescription = planned.withNodeDescription;
  let request = planned.request;
  let validate = planned.validate;
  let cacheKey: string | undefined = planned.cacheKey;
  let strategy: CallRecord['strategy'] = 'bulk';
  for (let attempt = 0; ; attempt++) {
    const outcome = await callModel(
      request,
      { node, strategy, ...(cacheKey === undefined ? {} : { cacheKey }) },
      validate,
      deps,
      run.record,
    );
    if (outcome.status !== 'answered') {
      const failure = outcome.status === 'failed' ? { error: outcome.error } : stop(run, outcome.reason);
      for (const column of columns) result.failures.push({ column, ...failure });
      if (wantDescription) result.failures.push({ ...failure });
      return { columns: [], wantDescription: false };
    }
    const { check } = outcome;
    if (attempt === 0 && check.enrichment !== undefined) enrichment = { check: check.enrichment, cached: outcome.cached };
    for (const note of check.notes) result.diagnostics.push({ level: 'warning', node, message: note });
    for (const [column, text] of check.columns) result.columns.set(column, text);
    if (check.modelDescription !== undefined) result.nodeDescription = check.modelDescription;
    columns = check.missingColumns;
    wantDescription = check.missingModelDescription;
    if (columns.length === 0 && !wantDescription) return { columns, wantDescription, ...(enrichment === undefined ? {} : { enrichment }) };
    // An answer cut at the output limit would be cut again: go straight to per-column requests.
    const truncated = outcome.finishReason === 'length' && check.columns.size === 0;
    if (attempt >= deps.options.maxRepairs || truncated) break;
    request = buildRepairRequest(request, outcome.text, check.errors, plan.settings, {
      responseSchema: bulkAnswerSchema(columns, wantDescription, plan.rules.maxLength),
      maxOutputTokens: bulkMaxOutputTokens(columns.length, plan.settings),
    });
    const asked = columns;
    const askedDescription = wantDescription;
    validate = (raw): FoldedBulkCheck => validateBulkAnswer(raw, asked, askedDescription, plan.rules);
    cacheKey = undefined;
    strategy = 'repair';
  }
  const what = [...columns.map((c) => `"${c}"`), ...(wantDescription ? ['the node description'] : [])];
  result.diagnostics.push({
    level: 'info',
    node,
    message: `bulk answer incomplete; asking one request each for ${what.join(', ')}`,
  });
  return { columns, wantDescription, ...(enrichment === undefined ? {} : { enrichment }) };
}

/** One planned column or node-description request, plus repairs. */
async function synthesizeOne(run: NodeRun, planned: PlannedSingleRequest): Promise<void> {
  const { deps, plan, result } = run;
  const column = planned.kind === 'column' ? planned.column : undefined;
  const fail = (failure: { error: string; stop?: StopReason }): void => {
    result.failures.push(column === undefined ? failure : { column, ...failure });
  };
  let request = planned.request;
  let cacheKey: string | undefined = planned.cacheKey;
  let strategy: CallRecord['strategy'] = planned.kind;
  for (let attempt = 0; ; attempt++) {
    if (run.stopped !== undefined) return fail({ error: describeStop(run.stopped), stop: run.stopped });
    const outcome = await callModel(
      request,
      {
        node: plan.nodeId,
        strategy,
        ...(column === undefined ? {} : { column }),
        ...(cacheKey === undefined ? {} : { cacheKey }),
      },
      planned.validate,
      deps,
      run.record,
    );
    if (outcome.status === 'not-started') return fail(stop(run, outcome.reason));
    if (outcome.status === 'failed') return fail({ error: outcome.error });
    const { description, errors } = outcome.check;
    if (description !== undefined) {
      if (column === undefined) result.nodeDescription = description;
      else result.columns.set(column, description);
      return;
    }
    if (attempt >= deps.options.maxRepairs) {
      return fail({ error: `invalid answer after ${attempt} repair${attempt === 1 ? '' : 's'}: ${errors.join(' ')}` });
    }
    request = buildRepairRequest(request, outcome.text, errors, plan.settings);
    cacheKey = undefined;
    strategy = 'repair';
  }
}

/** Records why the run stopped starting calls; the failure carries the reason as data. */
function stop(run: { stopped?: StopReason }, reason: StopReason): { error: string; stop: StopReason } {
  run.stopped ??= reason;
  return { error: describeStop(reason), stop: reason };
}

/** Columns and failures in column order (calls may finish in any order). */
function sortResult(result: NodeSynthesisResult, order: readonly string[]): void {
  const rank = (column: string | undefined): number => (column === undefined ? -1 : order.indexOf(column));
  const columns = [...result.columns].sort(([a], [b]) => rank(a) - rank(b));
  result.columns = new Map(columns);
  result.failures.sort((a, b) => rank(a.column) - rank(b.column));
}
