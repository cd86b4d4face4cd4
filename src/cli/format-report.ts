import type { DocumentReport, DryRunRow } from '../report.js';
import { paint, type Terminal } from './terminal.js';

/** Exit code of a `yaml document` run (spec/cli.md). */
export function exitCodeOf(report: DocumentReport, check: boolean): number {
  if (report.stoppedAtBudget) return 4;
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
export function formatSummary(report: DocumentReport, opts: { check: boolean; dryRun: boolean; synthesize: boolean }, term: Terminal): string {
  const lines: string[] = [];
  const files = report.changedFiles.length;
  const verb = report.written ? 'updated' : opts.check || opts.dryRun ? 'would change' : 'changed';
  const head = files === 0 ? paint(term, 'green', 'Nothing to change.') : `${plural(files, 'file')} ${verb}.`;
  lines.push(`${head} ${plural(report.nodesConsidered, 'node')} considered; columns: ${report.columnsInherited} inherited, ${report.columnsAdded} added` +
    (opts.synthesize ? `, ${report.columnsSynthesized} synthesized; ${report.modelDescriptionsSynthesized} node descriptions synthesized` : '') + '.');
  if (files > 0 && files <= 20 && !report.written) for (const f of report.changedFiles) lines.push(`  ${f}`);
  if (opts.synthesize && !report.llmPlan) {
    lines.push(`LLM: ${plural(report.llm.calls, 'call')}, ${report.llm.cacheHits} cache hits, ${usd(report.llm.costUsd)} spent` +
      (report.llm.budgetUsd === null ? '' : ` of a ${usd(report.llm.budgetUsd)} budget`) + '.');
  }
  for (const f of report.failures) lines.push(paint(term, 'red', `failed: ${f.node}${f.column ? `.${f.column}` : ''}: ${f.error}`));
  const leftAsIs = report.skippedFiles.filter((f) => f.writable && f.pendingChanges).length;
  if (leftAsIs > 0) lines.push(paint(term, 'yellow', `${plural(leftAsIs, 'file')} left as ${leftAsIs === 1 ? 'it is' : 'they are'} although ${leftAsIs === 1 ? 'it needed' : 'they needed'} changes (see the warnings; docs/yaml-reading.md).`));
  if (report.stoppedAtBudget) {
    lines.push(paint(term, 'yellow', `Stopped at the budget (${usd(report.llm.budgetUsd)}) with ${plural(report.synthesisNodesLeft, 'node')} left: what was paid for is written (${report.columnsSynthesized} columns, ${report.modelDescriptionsSynthesized} node descriptions); run again with a larger --llm-max-cost to finish (answers already paid for come from the cache).`));
  }
  if (opts.check && files > 0) lines.push(paint(term, 'yellow', 'Run `osmosis-ts yaml document` without --check to apply.'));
  return lines.join('\n') + '\n';
}

/** `--llm-stats`. */
export function formatLlmStats(report: DocumentReport): string {
  const l = report.llm;
  return [
    'LLM stats:',
    `  calls:          ${l.calls} (${l.failedCalls} failed)`,
    `  cache hits:     ${l.cacheHits}`,
    `  input tokens:   ${l.inputTokens}`,
    `  output tokens:  ${l.outputTokens}`,
    `  cost:           ${usd(l.costUsd)}`,
    `  estimated:      ${l.estimatedCostUsd === null ? 'not estimated (--llm-dry-run estimates)' : usd(l.estimatedCostUsd)}`,
    `  budget:         ${l.budgetUsd === null ? 'none' : usd(l.budgetUsd)}${l.budgetExhausted ? ' (exhausted)' : ''}`,
  ].join('\n') + '\n';
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
}

/** The `--llm-dry-run` table: per node, then totals and what fits the budget. */
export function formatDryRunPlan(rows: DryRunRow[], assumptions: string[], budgetUsd: number | null): string {
  const header = ['node', 'strategy', 'calls', 'in tokens', 'out tokens', 'USD', 'cached', 'fits'];
  const body = rows.map((r) => [
    r.node + (r.assumedUpstream ? ' *' : ''),
    r.strategy,
    String(r.calls),
    String(r.inputTokens),
    String(r.outputTokens),
    r.usd === null ? 'unknown' : r.usd.toFixed(4),
    String(r.cacheHits),
    budgetUsd === null ? '-' : r.fitsBudget ? 'yes' : 'no',
  ]);
  const sum = (f: (r: DryRunRow) => number): number => rows.reduce((n, r) => n + f(r), 0);
  const unknown = rows.some((r) => r.usd === null && r.calls > r.cacheHits);
  const totals = ['total', '', String(sum((r) => r.calls)), String(sum((r) => r.inputTokens)), String(sum((r) => r.outputTokens)),
    unknown ? 'unknown' : sum((r) => r.usd ?? 0).toFixed(4), String(sum((r) => r.cacheHits)), budgetUsd === null ? '-' : String(rows.filter((r) => r.fitsBudget).length)];
  const all = [header, ...body, totals];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const lines = [pad(header, widths), ...body.map((r) => pad(r, widths)), pad(totals, widths)];
  if (rows.some((r) => r.assumedUpstream)) lines.push('* the prompt carries text this run would synthesize for a parent first; estimated with a typical length.');
  for (const a of assumptions) lines.push(a);
  if (budgetUsd !== null) {
    const fit = rows.filter((r) => r.fitsBudget).length;
    lines.push(`${fit} of ${rows.length} nodes fit in the ${'$' + budgetUsd.toFixed(2)} budget, in schedule order.`);
  }
  lines.push('No call was made and nothing was written (--llm-dry-run).');
  return lines.join('\n') + '\n';
}
