/**
 * The enrichment request of one node (`--enrich`), with repairs for structural faults. Values
 * outside the vocabulary are dropped with a diagnostic and are not repaired. Like the other
 * requests, it is cached, budgeted and counted.
 */
import { buildEnrichRequest, buildRepairRequest, type RequestSettings } from './build-request.js';
import { callModel } from './call-model.js';
import type { StopReason } from './call-gate.js';
import type { SynthesisDeps } from './synthesis-deps.js';
import type { CallRecord, NodeSynthesisResult, SynthesisNodeContext } from './types.js';
import type { AnswerRules } from './validate-answer.js';
import type { PromptVariables } from './prompt-templates.js';
import { validateEnrichment } from '../enrich/validate-enrichment.js';
import { describeStop } from './call-gate.js';

export interface EnrichmentRun {
  ctx: SynthesisNodeContext;
  deps: SynthesisDeps;
  settings: RequestSettings;
  variables: PromptVariables;
  rules: AnswerRules;
  result: NodeSynthesisResult;
  record(call: CallRecord): void;
  /** Says the node's work stopped (budget, batch wait); returns the failure text. */
  stop(reason: StopReason): string;
  stopped(): StopReason | undefined;
}

/** Asks for `run.ctx.enrich` and sets `result.enrichment` to what passed validation. */
export async function synthesizeEnrichment(run: EnrichmentRun): Promise<void> {
  const { ctx, deps, settings, result } = run;
  const ask = ctx.enrich;
  if (ask === undefined) return;
  const node = ctx.node.uniqueId;
  const fail = (error: string): void => {
    result.failures.push({ error: `enrichment: ${error}` });
  };
  let request = buildEnrichRequest(ctx, ask, settings, run.variables);
  // Repairs keep the 'enrich' strategy: a call record without a column and with 'repair' is read
  // as part of a bulk description request (review provenance), which this is not.
  const strategy: CallRecord['strategy'] = 'enrich';
  for (let attempt = 0; ; attempt++) {
    const stopped = run.stopped();
    if (stopped !== undefined) return fail(describeStop(stopped));
    const outcome = await callModel(request, { node, strategy }, (raw) => validateEnrichment(raw, node, ask, run.rules), deps, run.record);
    if (outcome.status === 'not-started') return fail(run.stop(outcome.reason));
    if (outcome.status === 'failed') return fail(outcome.error);
    const { enrichment, errors, dropped } = outcome.check;
    if (errors.length === 0) {
      for (const d of dropped) result.diagnostics.push({ level: 'warning', node, ...(d.column === undefined ? {} : { column: d.column }), message: d.message });
      result.enrichment = enrichment;
      return;
    }
    if (attempt >= deps.options.maxRepairs) {
      return fail(`invalid answer after ${attempt} repair${attempt === 1 ? '' : 's'}: ${errors.join(' ')}`);
    }
    request = buildRepairRequest(request, outcome.text, errors, settings);
  }
}
