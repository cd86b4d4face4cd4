import { ConfigError } from '../config/errors.js';
import { readFlags, type RawFlags } from '../config/read-flags.js';
import { formatResolvedConfig } from '../config/show-config.js';
import { documentProject } from '../document-project.js';
import { runDbtParse } from '../project/run-dbt-parse.js';
import { dbtParseArgs } from '../config/dbt-parse-args.js';
import { resolveProjectSettings } from './resolve-project-settings.js';
import { runFormatter } from './run-formatter.js';
import { outputOfLogLevel } from './log-level.js';
import { resolveReviewer } from '../review/resolve-reviewer.js';
import type { CliIo } from './cli-io.js';
import { applyAdvice, formatCheckSummary } from './format-check-summary.js';
import { exitCodeOf, formatDryRunPlan, formatLlmStats, formatSkippedFiles, formatSummary, formatYamlWarnings } from './format-report.js';
import { createProgressReporter, paint } from './terminal.js';

function formatOf(flags: Record<string, unknown>): 'text' | 'json' {
  const format = flags['format'] ?? 'text';
  if (format === 'text' || format === 'json') return format;
  throw new ConfigError(`--format: expected 'text' or 'json', got '${String(format)}'`);
}

/** `osmosis-ts yaml document`: resolve settings, run, print, and return the exit code. */
export async function runDocumentCommand(positional: string[], commanderFlags: Record<string, unknown>, io: CliIo): Promise<number> {
  const raw = readFlags(commanderFlags, positional);
  const flags: RawFlags = { ...raw, ...outputOfLogLevel(raw.logLevel) };
  const format = formatOf(commanderFlags);
  const quiet = flags.quiet === true || format === 'json';
  const { projectDir, dbtProject, options, origins } = resolveProjectSettings(flags, io);
  if (flags.showConfig) {
    io.term.out(formatResolvedConfig(options, origins, format));
    return 0;
  }
  const parseArgs = dbtParseArgs(flags);
  if (flags.dbtParse !== undefined && flags.dbtParse !== false) {
    const command = typeof flags.dbtParse === 'string' ? flags.dbtParse : undefined;
    if (!quiet) io.term.err(`running ${[command ?? 'dbt parse', ...parseArgs.args].join(' ')} …\n`);
    const parsed = await runDbtParse({ projectDir, args: parseArgs.args, ...(command ? { command } : {}) });
    if (!parsed.ok) {
      io.term.err(`${paint(io.term, 'red', 'error:')} ${command ?? 'dbt parse'} failed in ${projectDir}; nothing was written.\n${parsed.output}\n`);
      return 2;
    }
  } else if (!quiet && parseArgs.given.some((f) => f !== '--vars')) {
    // dbt-osmosis users pass these out of habit; say where they go instead of ignoring them.
    const unused = parseArgs.given.filter((f) => f !== '--vars').join(', ');
    io.term.err(`${paint(io.term, 'yellow', 'warning:')} ${unused}: only passed to \`dbt parse\`, and there is no --dbt-parse: osmosis-ts reads ${options.manifestPath ?? 'target/manifest.json'} and never connects to the warehouse. Add --dbt-parse to refresh the manifest with them.\n`);
  }
  if (flags.review === true && !options.synthesize) {
    io.term.err(`${paint(io.term, 'yellow', 'warning:')} --review turns synthesized text into proposals; without --synthesize there is none, so nothing is proposed.\n`);
  }
  const progress = createProgressReporter(io.term, { verbose: flags.verbose === true, quiet });
  let report;
  try {
    const reviewer = options.review ? await resolveReviewer(flags.reviewer, io.env, projectDir) : undefined;
    report = await documentProject(options, { cwd: io.cwd, onProgress: progress.listener, ...(reviewer ? { reviewer } : {}), ...(dbtProject ? { dbtProject } : {}) });
  } finally {
    progress.finish();
  }
  // --fail-on-change (the osmosis-ts-document hook): files were fixed, so the commit must wait for
  // the user to stage them, as formatter hooks do.
  const fixed = flags.failOnChange === true && report.written && report.changedFiles.length > 0;
  let code = exitCodeOf(report, options.check || fixed);
  if (options.formatter !== undefined && report.written) {
    const formatted = await runFormatter(options.formatter, projectDir, report.changedFiles);
    if (!formatted.ok) {
      io.term.err(`${paint(io.term, 'red', 'error:')} --formatter '${options.formatter}' failed on the files written (they are written, unformatted):\n${formatted.output}\n`);
      code = Math.max(code, 3);
    }
  }
  if (format === 'json') {
    const { diff, ...rest } = report;
    io.term.out(`${JSON.stringify({ ...rest, ...(options.dryRun ? { diff } : {}), exitCode: code }, null, 2)}\n`);
    for (const w of [...report.warnings, ...formatYamlWarnings(report), ...formatSkippedFiles(report)]) io.term.err(`warning: ${w}\n`);
    return code;
  }
  if (!quiet) for (const w of [...report.warnings, ...formatYamlWarnings(report)]) io.term.err(`${paint(io.term, 'yellow', 'warning:')} ${w}\n`);
  // A skipped file changes the outcome (exit 3 when it needed changes), so it is said even with --quiet.
  for (const w of formatSkippedFiles(report)) io.term.err(`${paint(io.term, 'yellow', 'warning:')} ${w}\n`);
  if (options.dryRun && report.diff) io.term.out(report.diff);
  else if (options.check && report.changedFiles.length > 0) io.term.out(formatCheckSummary(report));
  if (report.llmPlan) io.term.out(formatDryRunPlan(report.llmPlan.rows, report.llmPlan.assumptions, options.synthesis?.maxCostUsd));
  const planOnly = options.synthesis?.llmDryRun === true;
  if (!quiet) io.term.out(formatSummary(report, { check: options.check, dryRun: options.dryRun || planOnly, synthesize: options.synthesize && !planOnly, applyAdvice: applyAdvice(io.env), maxCostUsd: options.synthesis?.maxCostUsd }, io.term));
  else for (const f of report.failures) io.term.err(`failed: ${f.node}${f.column ? `.${f.column}` : ''}: ${f.error}\n`);
  if (fixed && !quiet) io.term.out(`Review and stage the files it wrote (git add ${report.changedFiles.join(' ')}), then commit again.\n`);
  if (flags.llmStats) io.term.out(formatLlmStats(report, options.synthesis?.maxCostUsd));
  return code;
}
