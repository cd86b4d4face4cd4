import { auditProject, type AuditReport } from '../audit/audit-project.js';
import { percent, type CoverageCounts } from '../audit/measure-coverage.js';
import { ConfigError } from '../config/errors.js';
import { readFlags } from '../config/read-flags.js';
import type { CliIo } from './cli-io.js';
import { resolveProjectSettings } from './resolve-project-settings.js';
import { paint } from './terminal.js';

/** `--min-coverage`: a percentage from 0 to 100, or undefined when not given. */
function minCoverageOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(String(value).replace(/%$/, ''));
  if (String(value).trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) {
    throw new ConfigError(`--min-coverage: expected a percentage from 0 to 100 (e.g. 80), got '${String(value)}'`);
  }
  return n;
}

const share = (part: number, whole: number): string => `${part}/${whole} ${percent(part, whole).toFixed(1)}%`;

function cells(label: string, type: string, now: CoverageCounts, after: CoverageCounts): string[] {
  return [label, type, share(now.documentedColumns, now.columns), share(after.documentedColumns, after.columns), share(now.describedNodes, now.nodes)];
}

function formatTable(report: AuditReport): string {
  const header = ['folder', 'type', 'columns documented', 'after inheritance', 'nodes described'];
  const body = report.rows.map((r) => cells(r.folder, r.resourceType, r.now, r.afterInheritance));
  const total = cells('total', '', report.total.now, report.total.afterInheritance);
  const all = [header, ...body, total];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]): string => row.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return `${[line(header), ...body.map(line), line(total)].join('\n')}\n`;
}

/** `osmosis-ts yaml audit`: coverage now and after inheritance; exit 1 below --min-coverage. */
export async function runAuditCommand(positional: string[], commanderFlags: Record<string, unknown>, io: CliIo): Promise<number> {
  const flags = readFlags(commanderFlags, positional);
  const format = commanderFlags['format'] ?? 'text';
  if (format !== 'text' && format !== 'json') throw new ConfigError(`--format: expected 'text' or 'json', got '${String(format)}'`);
  const minCoverage = minCoverageOf(commanderFlags['minCoverage']);
  const { options } = resolveProjectSettings(flags, io, false);
  const report = await auditProject(options, io.cwd);
  const coverage = percent(report.total.now.documentedColumns, report.total.now.columns);
  const below = minCoverage !== undefined && coverage < minCoverage;
  const code = below ? 1 : 0;
  if (format === 'json') {
    io.term.out(`${JSON.stringify({ ...report, coveragePercent: coverage, minCoveragePercent: minCoverage ?? null, exitCode: code }, null, 2)}\n`);
    for (const w of report.warnings) io.term.err(`warning: ${w}\n`);
    return code;
  }
  for (const w of report.warnings) io.term.err(`${paint(io.term, 'yellow', 'warning:')} ${w}\n`);
  io.term.out(formatTable(report));
  const after = percent(report.total.afterInheritance.documentedColumns, report.total.afterInheritance.columns);
  const gain = after > coverage ? ` \`osmosis-ts yaml document\` (inheritance alone, no LLM) would raise it to ${after.toFixed(1)}%.` : '';
  if (minCoverage === undefined) io.term.out(`Column coverage: ${coverage.toFixed(1)}%.${gain}\n`);
  else if (below) io.term.out(paint(io.term, 'red', `Column coverage ${coverage.toFixed(1)}% is below the required ${minCoverage}%.`) + `${gain}\n`);
  else io.term.out(paint(io.term, 'green', `Column coverage ${coverage.toFixed(1)}% meets the required ${minCoverage}%.`) + '\n');
  return code;
}
