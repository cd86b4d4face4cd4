import type { DocumentReport, DryRunRow } from '../report.js';
import { paint, type Terminal } from './terminal.js';

/** Exit code of a `yaml document` run (docs/cli.md, "Exit codes"). */
export function exitCodeOf(report: DocumentReport, check: boolean): number {
  if (report.stoppedAtBudget) return 4;
  if (report.stoppedWaitingForBatch) return 5;
  if (report.failures.length > 0) return 3;
  if (report.skippedFiles.some((f) => f.writable && f.pendingChanges)) return 3;
  if (check && report.changedFiles.length > 0) return 1;
  return 0;
}

/** One warning per YAML remark (a duplicate key, ...): `file:line:column: ...`. */
export function formatYamlWarnings(report: DocumentReport): string[] {
  return report.yamlWarnings.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`);
}

/** One warning per skipped file: where, why, which nodes are read from the manifest, what would have been written. */
export function formatSkippedFiles(report: DocumentReport): string[] {
  const lines: string[] = [];
  for (const f of report.skippedFiles) {
    if (f.kind === 'unwritable') {
      lines.push(`${f.path}: not written: ${f.reason}.${f.wouldWrite.length > 0 ? ` It would have had: ${f.wouldWrite.join('; ')}.` : ''}`);
      continue;
    }
    const where = f.line === undefined ? f.path : `${f.path}:${f.line}`;
    const owner = f.writable ? '' : ' (read-only package)';
    const nodes = f.nodes.length > 0 ? ` Its nodes (${f.nodes.join(', ')}) are read from the manifest.` : '';
    const pending = f.wouldWrite.length > 0 ? ` Would have written: ${f.wouldWrite.join('; ')}.` : '';
    const fix = f.kind === 'unparseable' && f.writable ? ' Fix the file and run again.' : '';
    lines.push(`${where}: left as it is${owner}: ${f.reason}.${nodes}${pending}${fix}`);
  }
  return lines;
}

function usd(value: number | null): string {
  return value === null ? 'unknown' : `$${value.toFixed(4)}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The end-of-run summary lines. */
export function formatSummary(report: DocumentReport, opts: { check: boolean; dryRun: boolean; synthesize: boolean; applyAdvice?: string; maxCostUsd?: number | undefined }, term: Terminal): string {
  const lines: string[] = [];
  const files = report.changedFiles.length;
  const verb = report.written ? 'updated' : opts.check || opts.dryRun ? 'would change' : 'changed';
  const unwritten = report.skippedFiles.filter((f) => f.kind === 'unwritable').length;
  const head = files === 0 ? (unwritten > 0 ? 'Nothing written.' : paint(term, 'green', 'Nothing to change.')) : `${plural(files, 'file')} ${verb}.`;
  // Under an LLM plan, "Nothing to change" alone would read as "nothing left to do".
  const scope = report.llmPlan ? 'Inheritance alone: ' : '';
  lines.push(`${scope}${scope && files === 0 ? paint(term, 'green', 'nothing to change.') : head} ${plural(report.nodesConsidered, 'node')} considered; columns: ${report.columnsInherited} inherited, ${report.columnsAdded} added` +
    (opts.synthesize ? `, ${report.columnsSynthesized} synthesized; ${report.modelDescriptionsSynthesized} node descriptions synthesized` : '') + '.');
  // A failing --check lists the files in its own summary (formatCheckSummary).
  if (files > 0 && files <= 20 && !report.written && !opts.check) for (const f of report.changedFiles) lines.push(`  ${f}`);
  lines.push(...formatLineageLines(report, opts.dryRun));
  if (opts.synthesize && !report.llmPlan) {
    lines.push(`LLM: ${plural(report.llm.calls, 'call')}, ${report.llm.cacheHits} cache hits, ${usd(report.llm.costUsd)} spent` +
      (opts.maxCostUsd === undefined ? '' : ` of a ${usd(opts.maxCostUsd)} budget`) + '.');
  }
  const fromCache = report.columnsSynthesized + report.modelDescriptionsSynthesized;
  if (report.llmPlan && fromCache > 0) lines.push(`${plural(fromCache, 'description')} already paid for ${fromCache === 1 ? 'comes' : 'come'} from the cache (${report.llm.cacheHits} cached answers, in the diff).`);
  if (report.llmPlan) lines.push(planLine(report.llmPlan.rows, report.llm.estimatedCostUsd));
  if (report.enriched) {
    const e = report.enriched;
    lines.push(`Enriched: ${plural(e.pii, 'PII column')}, ${plural(e.tags, 'tag')}, ${plural(e.tests, 'test')}, ${plural(e.purpose, 'purpose')} (docs/enrich.md).`);
  }
  if (report.proposals) {
    const p = report.proposals;
    lines.push(`Review: ${plural(p.created, 'proposal')} created, ${p.replaced} replaced, ${p.stale} stale in .osmosis/proposals.jsonl (nothing synthesized was written); next: osmosis-ts review list.`);
  }
  for (const f of report.failures) lines.push(paint(term, 'red', `failed: ${f.node}${f.column ? `.${f.column}` : ''}: ${f.error}`));
  if (unwritten > 0) lines.push(paint(term, 'red', `${plural(unwritten, 'file')} could not be written (see the warnings); the rest ${files === 1 ? 'is' : 'are'} written.`));
  const leftAsIs = report.skippedFiles.filter((f) => f.kind !== 'unwritable' && f.writable && f.pendingChanges).length;
  if (leftAsIs > 0) lines.push(paint(term, 'yellow', `${plural(leftAsIs, 'file')} left as ${leftAsIs === 1 ? 'it is' : 'they are'} although ${leftAsIs === 1 ? 'it needed' : 'they needed'} changes (see the warnings; docs/yaml-reading.md).`));
  if (report.stoppedAtBudget) {
    lines.push(paint(term, 'yellow', `Stopped at the budget (${usd(opts.maxCostUsd ?? null)}) with ${plural(report.synthesisNodesLeft, 'node')} left: what was paid for is written (${report.columnsSynthesized} columns, ${report.modelDescriptionsSynthesized} node descriptions); run again with a larger --llm-max-cost to finish (answers already paid for come from the cache).`));
  }
  if (report.stoppedWaitingForBatch) {
    const pending = report.llm.batch?.pending ?? 0;
    lines.push(paint(term, 'yellow', `Stopped waiting for the batch (--llm-batch-wait) with ${plural(pending, 'request')} still in it and ${plural(report.synthesisNodesLeft, 'node')} left: what came back is written. Run the same command again to collect the rest; nothing is submitted twice.`));
  }
  if (opts.check && files > 0) lines.push(paint(term, 'yellow', opts.applyAdvice ?? 'Run `osmosis-ts yaml document` without --check to apply.'));
  return lines.join('\n') + '\n';
}

/** The LLM part of a plan in one sentence: what the real run would still do and cost. */
function planLine(rows: readonly DryRunRow[], estimatedUsd: number | null): string {
  const calls = rows.reduce((n, r) => n + r.calls, 0);
  const cached = rows.reduce((n, r) => n + r.cacheHits, 0);
  const nodes = rows.filter((r) => r.calls > 0).length;
  if (calls === 0) return 'LLM: nothing is missing after inheritance; no call would be made.';
  return `LLM: ${plural(calls, 'call')} for ${plural(nodes, 'node')} still to make (${cached} already in the cache), estimated ${usd(estimatedUsd)}; ` +
    'nothing was sent or written. Run without --llm-dry-run / --dry-run (with the provider\'s key) to synthesize and write them.';
}

/** Lineage counts, and with --dry-run each inherited text that came through a rename. */
function formatLineageLines(report: DocumentReport, dryRun: boolean): string[] {
  const l = report.lineage;
  // Said when lineage changed something or could not be read; a run it did not touch stays short.
  if (!l || ((report.columnsInheritedByLineage ?? 0) === 0 && l.modelsFallback === 0 && l.columnsUnknown === 0)) return [];
  const lines = [`Lineage: ${report.columnsInheritedByLineage ?? 0} of the inherited columns followed it; ${plural(l.modelsParsed, 'model')} parsed, ${l.modelsFallback} fell back to name matching; ${plural(l.columnsUnknown, 'column')} unknown.`];
  if (dryRun) for (const r of report.inheritedThroughRename ?? []) lines.push(`  renamed: ${r.node}.${r.column} <- ${r.from}.${r.fromColumn}`);
  return lines;
}

/** `--llm-stats`. */
export function formatLlmStats(report: DocumentReport, maxCostUsd: number | undefined): string {
  const l = report.llm;
  return [
    'LLM stats:',
    `  calls:          ${l.calls} (${l.failedCalls} failed)`,
    `  cache hits:     ${l.cacheHits}`,
    `  input tokens:   ${l.inputTokens} (${l.cachedInputTokens} from the provider's prompt cache)`,
    `  output tokens:  ${l.outputTokens}`,
    `  cost:           ${usd(l.costUsd)}`,
    `  estimated:      ${l.estimatedCostUsd === null ? 'not estimated (--llm-dry-run estimates)' : usd(l.estimatedCostUsd)}`,
    `  budget:         ${maxCostUsd === undefined ? 'none' : usd(maxCostUsd)}${l.budgetExhausted ? ' (exhausted)' : ''}`,
    ...(l.batch ? [`  batches:        ${plural(l.batch.waves, 'wave')}, ${l.batch.submitted} submitted, ${l.batch.completed} collected, ${l.batch.pending} pending`] : []),
  ].join('\n') + '\n';
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
}

/** The `--llm-dry-run` table: per node, then totals and what fits the budget. */
export function formatDryRunPlan(rows: DryRunRow[], assumptions: string[], maxCostUsd: number | undefined): string {
  const header = ['node', 'strategy', 'calls', 'in tokens', 'cached in', 'out tokens', 'USD', 'cached', 'fits'];
  const body = rows.map((r) => [
    r.node + (r.assumedUpstream ? ' *' : ''),
    r.enrichFields === undefined ? r.strategy : `${r.strategy === 'none' ? '' : `${r.strategy} `}+${r.enrichFields.join(',')}`,
    String(r.calls),
    String(r.inputTokens),
    String(r.cachedInputTokens),
    String(r.outputTokens),
    r.usd === null ? 'unknown' : r.usd.toFixed(4),
    String(r.cacheHits),
    maxCostUsd === undefined ? '-' : r.fitsBudget ? 'yes' : 'no',
  ]);
  const sum = (f: (r: DryRunRow) => number): number => rows.reduce((n, r) => n + f(r), 0);
  const unknown = rows.some((r) => r.usd === null && r.calls > r.cacheHits);
  const totals = ['total', '', String(sum((r) => r.calls)), String(sum((r) => r.inputTokens)), String(sum((r) => r.cachedInputTokens)), String(sum((r) => r.outputTokens)),
    unknown ? 'unknown' : sum((r) => r.usd ?? 0).toFixed(4), String(sum((r) => r.cacheHits)), maxCostUsd === undefined ? '-' : String(rows.filter((r) => r.fitsBudget).length)];
  const all = [header, ...body, totals];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const lines = [pad(header, widths), ...body.map((r) => pad(r, widths)), pad(totals, widths)];
  if (rows.some((r) => r.assumedUpstream)) lines.push('* the prompt carries text this run would synthesize for a parent first; estimated with a typical length.');
  for (const a of assumptions) lines.push(a);
  if (maxCostUsd !== undefined) {
    const fit = rows.filter((r) => r.fitsBudget).length;
    lines.push(`${fit} of ${rows.length} nodes fit in the ${'$' + maxCostUsd.toFixed(2)} budget, in schedule order.`);
  }
  lines.push('No call was made and nothing was written.');
  return lines.join('\n') + '\n';
}
