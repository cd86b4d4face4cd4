/**
 * The enrichment request of one node (`--enrich`), with repairs for structural faults. Values
 * outside the vocabulary are dropped with a diagnostic and are not repaired. Like the other
 * requests, it is cached, budgeted and counted.
 */
import { buildRepairRequest } from '../plan/build-request.js';
import { callModel } from './call-model.js';
import { describeStop, type StopReason } from './call-gate.js';
import { requestSettingsOf } from '../plan/choose-strategy.js';
import { planEnrichRequest, planNode, type PlanDeps } from '../plan/plan-node.js';
import type { AnswerCache, SynthesisDeps } from '../synthesis-deps.js';
import type { EnrichmentCheck } from '../../enrich/validate-enrichment.js';
import { parseJsonAnswer } from '../../llm/parse-json-answer.js';
import type { PlannedEnrichRequest } from '../plan/plan-node.js';
import type { CallRecord, NodeSynthesisResult, SynthesisNodeContext } from '../types.js';
import type { NodeEnrichment } from '../../enrich/types.js';
import { mergeAnswers, mergeEnrichments } from '../../enrich/fold-enrichment.js';

export interface EnrichmentRun {
  ctx: SynthesisNodeContext;
  deps: SynthesisDeps;
  result: NodeSynthesisResult;
  record(call: CallRecord): void;
  /** Notes that the node's work stopped (budget, batch wait); returns the failure to list. */
  stop(reason: StopReason): { error: string; stop: StopReason };
  stopped(): StopReason | undefined;
}

/** Parts of the node's enrichment its description requests already answered (fold-enrichment.ts). */
export interface AnsweredPart {
  check: { enrichment: NodeEnrichment; answer: unknown };
  cached: boolean;
}

/**
 * Asks for `run.ctx.enrich` (what `prior` parts left) and sets `result.enrichment` to what passed
 * validation, `prior` included; those keep their values even when this request fails.
 */
export async function synthesizeEnrichment(run: EnrichmentRun, prior: readonly AnsweredPart[] = []): Promise<void> {
  const { ctx, deps, result } = run;
  const planned = planEnrichRequest(ctx, deps);
  if (planned === undefined) return;
  const node = ctx.node.uniqueId;
  const withPrior = (enrichment: NodeEnrichment): NodeEnrichment => (prior.length === 0 ? enrichment : mergeEnrichments(node, [...prior.map((p) => p.check.enrichment), enrichment]));
  if (prior.length > 0) result.enrichment = withPrior({ nodeId: node, columns: new Map() });
  const remembered = await rememberedEnrichment(planned, deps.cache);
  if (remembered !== undefined) {
    run.record({ node, strategy: 'enrich', promptSha256: planned.cacheKey, cached: true, costUsd: 0, failed: false });
    result.enrichment = withPrior(remembered.enrichment);
    return;
  }
  const fail = (failure: { error: string; stop?: StopReason }): void => {
    result.failures.push({ ...failure, error: `enrichment: ${failure.error}` });
  };
  let request = planned.request;
  let cacheKey: string | undefined = planned.cacheKey;
  // Repairs keep the 'enrich' strategy: a call record without a column and with 'repair' is read
  // as part of a bulk description request (review provenance), which this is not.
  const strategy: CallRecord['strategy'] = 'enrich';
  for (let attempt = 0; ; attempt++) {
    const stopped = run.stopped();
    if (stopped !== undefined) return fail({ error: describeStop(stopped), stop: stopped });
    const outcome = await callModel(request, { node, strategy, ...(cacheKey === undefined ? {} : { cacheKey }) }, planned.validate, deps, run.record);
    if (outcome.status === 'not-started') return fail(run.stop(outcome.reason));
    if (outcome.status === 'failed') return fail({ error: outcome.error });
    const { enrichment, errors, dropped } = outcome.check;
    if (errors.length === 0) {
      if (prior.length === 0 && !outcome.cached) await rememberEnrichment(deps, planned.identityKey, outcome.text);
      // The whole ask's answer, put together, so that a run without the description requests finds it.
      if (prior.length > 0 && (!outcome.cached || prior.some((p) => !p.cached))) {
        await rememberEnrichment(deps, planned.identityKey, JSON.stringify(mergeAnswers([...prior.map((p) => p.check.answer), parseJsonAnswer(outcome.text)])));
      }
      for (const d of dropped) result.diagnostics.push({ level: 'warning', node, ...(d.column === undefined ? {} : { column: d.column }), message: d.message });
      result.enrichment = withPrior(enrichment);
      return;
    }
    if (attempt >= deps.options.maxRepairs) {
      return fail({ error: `invalid answer after ${attempt} repair${attempt === 1 ? '' : 's'}: ${errors.join(' ')}` });
    }
    request = buildRepairRequest(request, outcome.text, errors, requestSettingsOf(deps));
    cacheKey = undefined;
  }
}

/** Stores a valid enrichment answer's text under the node's enrichment identity (no usage: it was paid for under its request). */
export async function rememberEnrichment(deps: Pick<SynthesisDeps, 'cache' | 'model' | 'clock'>, identityKey: string, text: string): Promise<void> {
  await deps.cache.set(identityKey, { text, usage: { inputTokens: 0, outputTokens: 0 }, model: deps.model.modelId, provider: deps.model.provider, createdAt: deps.clock.now() });
}

/**
 * The node's enrichment answered on an earlier run whose prompt differed only in what the
 * identity leaves out (descriptions, column order, values applied since): checked against the
 * current ask, whose vocabulary drops what is now there. Undefined when the exact request is
 * cached (callModel answers it, with its notes), or nothing usable is remembered.
 */
export async function rememberedEnrichment(planned: PlannedEnrichRequest, cache: Pick<AnswerCache, 'get'>): Promise<EnrichmentCheck | undefined> {
  if ((await cache.get(planned.cacheKey)) !== undefined) return undefined;
  const hit = await cache.get(planned.identityKey);
  if (hit === undefined) return undefined;
  const check = planned.validate(hit.object ?? parseJsonAnswer(hit.text));
  return check.errors.length === 0 ? check : undefined;
}

/**
 * Whether a node's description requests should also ask its enrichment. Not when its identity
 * already holds a usable answer (an earlier run's) and the folded requests are not all cached:
 * they would pay for the enrichment again (a re-run whose description prompts changed, say).
 * The run and the dry run both ask this, so they plan alike.
 */
export async function shouldFold(ctx: SynthesisNodeContext, deps: PlanDeps & Pick<SynthesisDeps, 'cache'>): Promise<boolean> {
  const cache = deps.cache;
  const enrich = planEnrichRequest(ctx, deps);
  if (cache === undefined || enrich === undefined) return true;
  const hit = await cache.get(enrich.identityKey);
  if (hit === undefined || enrich.validate(hit.object ?? parseJsonAnswer(hit.text)).errors.length > 0) return true;
  for (const planned of planNode(ctx, deps)?.requests ?? []) {
    if (planned.folded !== undefined && (await cache.get(planned.cacheKey)) === undefined) return false;
  }
  return true;
}
