import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/errors.js';
import type { RawFlags } from '../config/raw-flags.js';
import { resolveDocumentOptionsWithOrigins, resolveProjectDir } from '../config/resolve-config.js';
import { formatResolvedConfig } from '../config/show-config.js';
import { documentProject } from '../document-project.js';
import { parseDbtProject } from '../project/dbt-project.js';
import { runDbtParse } from '../project/run-dbt-parse.js';
import { resolveReviewer } from '../review/resolve-reviewer.js';
import type { CliIo } from './main.js';
import { exitCodeOf, formatDryRunPlan, formatLlmStats, formatSummary } from './format-report.js';
import { createProgressReporter, paint } from './terminal.js';

/** The `vars` of dbt_project.yml, or undefined when the file is absent (loading reports that). */
export function readProjectVars(projectDir: string): unknown {
  const file = path.join(projectDir, 'dbt_project.yml');
  if (!existsSync(file)) return undefined;
  return parseDbtProject(readFileSync(file, 'utf8'), file).vars;
}

function formatOf(flags: Record<string, unknown>): 'text' | 'json' {
  const format = flags['format'] ?? 'text';
  if (format === 'text' || format === 'json') return format;
  throw new ConfigError(`--format: expected 'text' or 'json', got '${String(format)}'`);
}

/** `osmosis-ts yaml document`: resolve settings, run, print, and return the exit code. */
export async function runDocumentCommand(positional: string[], commanderFlags: Record<string, unknown>, io: CliIo): Promise<number> {
  const flags = { ...commanderFlags, positional } as RawFlags;
  const format = formatOf(commanderFlags);
  const quiet = flags.quiet === true || format === 'json';
  const projectDir = resolveProjectDir(flags, io.env, io.cwd, io.homedir);
  const { options, origins } = resolveDocumentOptionsWithOrigins({
    flags,
    env: io.env,
    dbtProjectVars: readProjectVars(projectDir),
    projectDir,
    homedir: io.homedir,
    cwd: io.cwd,
  });
  if (flags.showConfig) {
    io.term.out(formatResolvedConfig(options, origins, format));
    return 0;
  }
  if (flags.dbtParse !== undefined && flags.dbtParse !== false) {
    const command = typeof flags.dbtParse === 'string' ? flags.dbtParse : undefined;
    if (!quiet) io.term.err(`running ${command ?? 'dbt parse'} …\n`);
    const parsed = await runDbtParse({ projectDir, ...(command ? { command } : {}) });
    if (!parsed.ok) {
      io.term.err(`${paint(io.term, 'red', 'error:')} ${command ?? 'dbt parse'} failed in ${projectDir}; nothing was written.\n${parsed.output}\n`);
      return 2;
    }
  }
  if (flags.review === true && !options.synthesize) {
    io.term.err(`${paint(io.term, 'yellow', 'warning:')} --review turns synthesized text into proposals; without --synthesize there is none, so nothing is proposed.\n`);
  }
  const progress = createProgressReporter(io.term, { verbose: flags.verbose === true, quiet });
  let report;
  try {
    const reviewer = options.review ? await resolveReviewer(flags.reviewer, io.env, projectDir) : undefined;
    report = await documentProject(options, { cwd: io.cwd, onProgress: progress.listener, ...(reviewer ? { reviewer } : {}) });
  } finally {
    progress.finish();
  }
  const code = exitCodeOf(report, options.check);
  if (format === 'json') {
    const { diff, ...rest } = report;
    io.term.out(`${JSON.stringify({ ...rest, ...(options.dryRun ? { diff } : {}), exitCode: code }, null, 2)}\n`);
    for (const w of report.warnings) io.term.err(`warning: ${w}\n`);
    return code;
  }
  if (!quiet) for (const w of report.warnings) io.term.err(`${paint(io.term, 'yellow', 'warning:')} ${w}\n`);
  if (options.dryRun && report.diff) io.term.out(report.diff);
  if (report.llmPlan) io.term.out(formatDryRunPlan(report.llmPlan.rows, report.llmPlan.assumptions, report.llm.budgetUsd));
  const planOnly = options.synthesis?.llmDryRun === true;
  if (!quiet) io.term.out(formatSummary(report, { check: options.check, dryRun: options.dryRun || planOnly, synthesize: options.synthesize && !planOnly }, io.term));
  else for (const f of report.failures) io.term.err(`failed: ${f.node}${f.column ? `.${f.column}` : ''}: ${f.error}\n`);
  if (flags.llmStats) io.term.out(formatLlmStats(report));
  return code;
}
