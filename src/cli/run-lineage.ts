import { readFlags } from '../config/read-flags.js';
import { ConfigError } from '../config/errors.js';
import { explainLineage, type LineageExplanation } from '../lineage/explain-lineage.js';
import type { ColumnTrace } from '../lineage/trace-column.js';
import type { CliIo } from './cli-io.js';
import { resolveProjectSettings } from './resolve-project-settings.js';

function formatTrace(t: ColumnTrace): string[] {
  const hops = t.path.map((h, i) => (i === 0 ? h.column : `${h.node}.${h.column}`));
  const arrows = t.path.slice(0, -1).map((h) => ` <-${h.transform ?? ''}- `);
  let line = hops.reduce((acc, hop, i) => (i === 0 ? hop : `${acc}${arrows[i - 1] ?? ''}${hop}`), '');
  if (t.end === 'expression') line += ` <-expression- ${(t.inputs ?? []).map((x) => `${x.node}.${x.column}`).join(', ') || '(no column: a constant)'}`;
  if (t.end === 'unknown') line += ` <- unknown (${t.reason ?? 'not resolved'}): name matching applies`;
  const lines = [`  ${line}`];
  for (const b of t.branches ?? []) lines.push(`    also (union branch, ${b.transform}): ${b.node}.${b.column}`);
  return lines;
}

/** The text form: one line per column, the path from the column up to where it is first made. */
export function formatLineage(e: LineageExplanation): string {
  const head = e.status === 'fallback' ? `${e.node}: SQL not used (${e.reason ?? ''}); name matching applies` : e.status === 'no-sql' ? `${e.node}: no SQL (a source, seed or snapshot): its columns start here` : e.node;
  return [head, ...e.columns.flatMap(formatTrace)].join('\n') + '\n';
}

/** `osmosis-ts lineage NODE[.COLUMN]`. */
export async function runLineageCommand(target: string, commanderFlags: Record<string, unknown>, io: CliIo): Promise<number> {
  const flags = readFlags(commanderFlags);
  const format = commanderFlags['format'] ?? 'text';
  if (format !== 'text' && format !== 'json') throw new ConfigError(`--format: expected 'text' or 'json', got '${String(format)}'`);
  const { options } = resolveProjectSettings(flags, io, false);
  const explanation = await explainLineage(options, target);
  io.term.out(format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : formatLineage(explanation));
  return 0;
}
