/**
 * Synthesizes what one node is missing by carrying out its plan (plan/plan-node.ts: bulk or
 * per-column requests), with repairs of invalid answers and a per-column fallback for what a bulk answer left out.
 * With `--enrich`, those requests also ask their part of the node's enrichment, and one request of
 * its own asks what they did not answer (src/enrich/fold-enrichment.ts).
 * Fatal provider errors propagate (after the node's in-flight calls settle); every other failure
 * is listed in the result and the node returns normally.
 */
import { bulkAnswerSchema } from '../plan/answer-schema.js';
import { buildRepairRequest, bulkMaxOutputTokens } from '../plan/build-request.js';
import { describeStop, type StopReason } from './call-gate.js';
import { promptCacheRule } from '../../cost/prompt-caching.js';
import { callModel } from './call-model.js';
import { planNode, planSingleRequest, type FoldedBulkCheck, type FoldedEnrichmentCheck, type NodePlan, type PlannedBulkRequest, type PlannedSingleRequest } from '../plan/plan-node.js';
import type { SynthesisDeps } from '../synthesis-deps.js';
import type { CallRecord, NodeSynthesisResult, SynthesisNodeContext } from '../types.js';
import { validateBulkAnswer } from '../plan/validate-answer.js';
import { rememberEnrichment, shouldFold, synthesizeEnrichment } from './synthesize-enrichment.js';
import { contextAfterSynthesis } from '../plan/context-after-synthesis.js';
import { asksAnything, type EnrichAsk } from '../../enrich/enrich-ask.js';
import { mergeAnswers, mergeEnrichments, residualAsk } from '../../enrich/fold-enrichment.js';
import { enrichmentIdentityKey } from '../../enrich/enrichment-identity.js';

export type { SynthesisDeps } from '../synthesis-deps.js';

interface NodeRun {
  ctx: SynthesisNodeContext;
  deps: SynthesisDeps;
  plan: NodePlan;
  result: NodeSynthesisResult;
  /** Enrichment parts answered by description requests (`--enrich`, fold-enrichment.ts). */
  folded: FoldedPart[];
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
  const plan = planNode(ctx, deps, await shouldFold(ctx, deps));
  if (plan === undefined && ctx.enrich === undefined) return result;
  const record = (call: CallRecord): void => {
    result.calls.push(call);
    deps.onCall?.(call);
  };
  // Where a stop is noted; shared by the description requests and the enrichment request.
  const halt: { stopped?: StopReason } = {};
  const folded: FoldedPart[] = [];
  if (plan !== undefined) await synthesizeDescriptions({ ctx, deps, plan, result, record, folded }, halt);
  if (ctx.enrich !== undefined) {
    const prior = takeFolded(folded, result);
    const residual = residualAsk(ctx.enrich, prior.map((p) => p.ask));
    if (asksAnything(residual)) {
      // Asked last, with this node's new descriptions in its context (see contextAfterSynthesis).
      await synthesizeEnrichment({ ctx: contextAfterSynthesis({ ...ctx, enrich: residual }, result), deps, result, record, stop: (reason) => stop(halt, reason), stopped: () => halt.stopped }, prior);
    } else {
      result.enrichment = mergeEnrichments(result.nodeId, prior.map((p) => p.check.enrichment));
      // Under the node's identity too, so a later run whose description requests are gone
      // (descriptions applied) reuses it instead of asking again (enrichment-identity.ts).
      if (prior.some((p) => !p.cached)) {
        await rememberEnrichment(deps, enrichmentIdentityKey(ctx, deps.model, deps.options.enrich?.fields ?? []), JSON.stringify(mergeAnswers(prior.map((p) => p.check.answer))));
      }
    }
  }

  if (halt.stopped === 'budget') result.stoppedAtBudget = true;
  if (halt.stopped === 'batch-wait') result.stoppedWaiting = true;
  sortResult(result, ctx.missingColumns);
  return result;
}

/**
 * The usable enrichment parts of description answers, with their dropped values as warnings. An
 * unusable part is asked again in the node's enrichment request, never failing the descriptions.
 */
function takeFolded(parts: readonly FoldedPart[], result: NodeSynthesisResult): FoldedPart[] {
  const node = result.nodeId;
  const usable: FoldedPart[] = [];
  for (const part of parts) {
    const { check } = part;
    if (check.errors.length > 0) {
      result.diagnostics.push({ level: 'warning', node, message: `enrichment part of the ${part.from} answer unusable (${check.errors.join(' ')}); asking it in the node's enrichment request` });
      continue;
    }
    for (const d of check.dropped) result.diagnostics.push({ level: 'warning', node, ...(d.column === undefined ? {} : { column: d.column }), message: d.message });
    usable.push(part);
  }
  return usable;
}

/** The node's planned description requests, repairs and the bulk fallback. */
async function synthesizeDescriptions(parts: Omit<NodeRun, 'stopped'>, halt: { stopped?: StopReason }): Promise<void> {
  const { ctx, deps, plan } = parts;
  const run: NodeRun = parts;
  let singles: PlannedSingleRequest[];
  if (plan.strategy === 'bulk') {
    const { columns, wantDescription } = await synthesizeBulk(run, plan.requests[0]);
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
}

/** The planned bulk request plus repairs; returns what is still missing for the per-column fallback. */
async function synthesizeBulk(
  run: NodeRun,
  planned: PlannedBulkRequest,
): Promise<{ columns: string[]; wantDescription: boolean }> {
  const { deps, plan, result } = run;
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
    // The first answer's only: repairs ask descriptions alone.
    if (attempt === 0 && check.enrichment !== undefined && planned.folded !== undefined) {
      run.folded.push({ ask: planned.folded.ask, check: check.enrichment, cached: outcome.cached, from: 'bulk' });
    }
    for (const note of check.notes) result.diagnostics.push({ level: 'warning', node, message: note });
    for (const [column, text] of check.columns) result.columns.set(column, text);
    if (check.modelDescription !== undefined) result.nodeDescription = check.modelDescription;
    columns = check.missingColumns;
    wantDescription = check.missingModelDescription;
    if (columns.length === 0 && !wantDescription) return { columns, wantDescription };
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
  return { columns, wantDescription };
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
    const { description, errors, enrichment } = outcome.check;
    // The first answer's only: a repair quotes it, and the node's enrichment request asks what it lacked.
    if (attempt === 0 && enrichment !== undefined && planned.folded !== undefined) {
      run.folded.push({ ask: planned.folded.ask, check: enrichment, cached: outcome.cached, from: column === undefined ? 'node description' : `"${column}" column` });
    }
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

/** A part of the node's enrichment ask a description request carried, and its answer's check. */
interface FoldedPart {
  ask: EnrichAsk;
  check: FoldedEnrichmentCheck;
  cached: boolean;
  /** For diagnostics: which answer it came from. */
  from: string;
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
