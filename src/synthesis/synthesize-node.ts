/**
 * Synthesizes what one node is missing: bulk or per-column requests (see choose-strategy.ts),
 * repairs of invalid answers, and a per-column fallback for what a bulk answer left out.
 * Fatal provider errors propagate (after the node's in-flight calls settle); every other failure
 * is listed in the result and the node returns normally.
 */
import { bulkAnswerSchema } from './answer-schema.js';
import {
  buildBulkRequest,
  buildColumnRequest,
  buildNodeDescriptionRequest,
  buildRepairRequest,
  bulkMaxOutputTokens,
  nodePromptVariables,
  type RequestSettings,
} from './build-request.js';
import { describeStop, type StopReason } from './call-gate.js';
import { promptCacheRule } from '../cost/prompt-caching.js';
import { callModel } from './call-model.js';
import { chooseStrategy, requestSettingsOf } from './choose-strategy.js';
import type { SynthesisDeps } from './synthesis-deps.js';
import type { CallRecord, NodeSynthesisResult, SynthesisNodeContext } from './types.js';
import { validateBulkAnswer, validateDescriptionAnswer, type AnswerRules } from './validate-answer.js';
import type { PromptVariables } from './prompt-templates.js';
import { synthesizeEnrichment } from './synthesize-enrichment.js';
import { contextAfterSynthesis } from './context-after-synthesis.js';

export type { SynthesisDeps } from './synthesis-deps.js';

interface NodeRun {
  ctx: SynthesisNodeContext;
  deps: SynthesisDeps;
  settings: RequestSettings;
  variables: PromptVariables;
  rules: AnswerRules;
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
  const strategy = chooseStrategy(ctx, deps.options.bulkThreshold);
  if (strategy === 'none' && ctx.enrich === undefined) return result;
  const settings = requestSettingsOf(deps);
  const run: NodeRun = {
    ctx,
    deps,
    settings,
    variables: nodePromptVariables(ctx, settings),
    rules: {
      placeholders: deps.placeholders,
      ...(deps.maxDescriptionLength === undefined ? {} : { maxLength: deps.maxDescriptionLength }),
    },
    result,
    record(call) {
      result.calls.push(call);
      deps.onCall?.(call);
    },
  };

  let columns = ctx.missingColumns;
  let wantDescription = ctx.needsNodeDescription;
  if (strategy === 'bulk') ({ columns, wantDescription } = await synthesizeBulk(run));

  const tasks: (() => Promise<void>)[] = columns.map((column) => () => synthesizeOne(run, column));
  if (wantDescription) tasks.push(() => synthesizeOne(run, undefined));
  // The requests share a prefix (system text and the node's context) that a caching provider
  // serves to later requests only once it has processed one: the first goes alone.
  const warmFirst = tasks.length > 1 && promptCacheRule(deps.model.provider, deps.model.modelId) !== undefined;
  const [head, ...tail] = tasks;
  if (warmFirst && head !== undefined) await head();
  const settled = await Promise.allSettled((warmFirst ? tail : tasks).map((task) => task()));
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected !== undefined) throw rejected.reason;
  if (ctx.enrich !== undefined) {
    // Asked last, with this node's new descriptions in its context (see contextAfterSynthesis).
    const after = contextAfterSynthesis(ctx, result);
    await synthesizeEnrichment({ ...run, ctx: after, variables: nodePromptVariables(after, settings), stop: (reason) => stop(run, reason), stopped: () => run.stopped });
  }

  if (run.stopped === 'budget') result.stoppedAtBudget = true;
  if (run.stopped === 'batch-wait') result.stoppedWaiting = true;
  sortResult(result, ctx.missingColumns);
  return result;
}

/** One bulk request plus repairs; returns what is still missing for the per-column fallback. */
async function synthesizeBulk(run: NodeRun): Promise<{ columns: string[]; wantDescription: boolean }> {
  const { ctx, deps, settings, result } = run;
  const node = ctx.node.uniqueId;
  let columns = [...ctx.missingColumns];
  let wantDescription = ctx.needsNodeDescription;
  let request = buildBulkRequest(ctx, columns, wantDescription, settings, run.variables);
  let strategy: CallRecord['strategy'] = 'bulk';
  for (let attempt = 0; ; attempt++) {
    const asked = columns;
    const askedDescription = wantDescription;
    const outcome = await callModel(
      request,
      { node, strategy },
      (raw) => validateBulkAnswer(raw, asked, askedDescription, run.rules),
      deps,
      run.record,
    );
    if (outcome.status !== 'answered') {
      const error = outcome.status === 'failed' ? outcome.error : stop(run, outcome.reason);
      for (const column of columns) result.failures.push({ column, error });
      if (wantDescription) result.failures.push({ error });
      return { columns: [], wantDescription: false };
    }
    const { check } = outcome;
    for (const note of check.notes) result.diagnostics.push({ level: 'warning', node, message: note });
    for (const [column, text] of check.columns) result.columns.set(column, text);
    if (check.modelDescription !== undefined) result.nodeDescription = check.modelDescription;
    columns = check.missingColumns;
    wantDescription = check.missingModelDescription;
    if (columns.length === 0 && !wantDescription) return { columns, wantDescription };
    // An answer cut at the output limit would be cut again: go straight to per-column requests.
    const truncated = outcome.finishReason === 'length' && check.columns.size === 0;
    if (attempt >= deps.options.maxRepairs || truncated) break;
    request = buildRepairRequest(request, outcome.text, check.errors, settings, {
      responseSchema: bulkAnswerSchema(columns, wantDescription, run.rules.maxLength),
      maxOutputTokens: bulkMaxOutputTokens(columns.length, settings),
    });
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

/** One column (or, with `column` undefined, the node description) plus repairs. */
async function synthesizeOne(run: NodeRun, column: string | undefined): Promise<void> {
  const { ctx, deps, settings, result } = run;
  const fail = (error: string): void => {
    result.failures.push(column === undefined ? { error } : { column, error });
  };
  let request =
    column === undefined
      ? buildNodeDescriptionRequest(ctx, settings, run.variables)
      : buildColumnRequest(ctx, column, settings, run.variables);
  let strategy: CallRecord['strategy'] = column === undefined ? 'node-description' : 'column';
  for (let attempt = 0; ; attempt++) {
    if (run.stopped !== undefined) return fail(describeStop(run.stopped));
    const outcome = await callModel(
      request,
      { node: ctx.node.uniqueId, strategy, ...(column === undefined ? {} : { column }) },
      (raw) => validateDescriptionAnswer(raw, run.rules),
      deps,
      run.record,
    );
    if (outcome.status === 'not-started') return fail(stop(run, outcome.reason));
    if (outcome.status === 'failed') return fail(outcome.error);
    const { description, errors } = outcome.check;
    if (description !== undefined) {
      if (column === undefined) result.nodeDescription = description;
      else result.columns.set(column, description);
      return;
    }
    if (attempt >= deps.options.maxRepairs) {
      return fail(`invalid answer after ${attempt} repair${attempt === 1 ? '' : 's'}: ${errors.join(' ')}`);
    }
    request = buildRepairRequest(request, outcome.text, errors, settings);
    strategy = 'repair';
  }
}

function stop(run: NodeRun, reason: StopReason): string {
  run.stopped ??= reason;
  return describeStop(reason);
}

/** Columns and failures in column order (calls may finish in any order). */
function sortResult(result: NodeSynthesisResult, order: readonly string[]): void {
  const rank = (column: string | undefined): number => (column === undefined ? -1 : order.indexOf(column));
  const columns = [...result.columns].sort(([a], [b]) => rank(a) - rank(b));
  result.columns = new Map(columns);
  result.failures.sort((a, b) => rank(a.column) - rank(b.column));
}
