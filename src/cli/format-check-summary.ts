import { CHECK_DIFF_FILES, type DocumentReport } from '../report.js';

/** How much of a failing `--check` is shown: enough to see what and where, short enough to read in a hook's output. */
const MAX_DIFF_LINES = 12;

/** Splits a multi-file unified diff (as `createTwoFilesPatch` writes it) into file → its hunks. */
function hunksByFile(diff: string): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of diff.split('\n')) {
    const target = /^\+\+\+ b\/(.+?)\t?$/.exec(line);
    if (target?.[1] !== undefined) {
      current = [];
      byFile.set(target[1], current);
      continue;
    }
    if (/^(=+|--- .*)$/.test(line)) continue;
    if (current && line !== '\\ No newline at end of file') current.push(line);
  }
  return byFile;
}

/** `model.shop.orders` → `orders`; a version keeps its `v` (`orders.v2`). */
function shortName(nodeId: string): string {
  return nodeId.split('.').slice(2).join('.');
}

/**
 * What a failing `--check` would change, file by file: each node with the columns edited or added,
 * then the first lines of that file's diff.
 */
export function formatCheckSummary(report: DocumentReport): string {
  const hunks = hunksByFile(report.diff);
  const lines: string[] = [];
  for (const { file, nodes } of report.fileChanges.slice(0, CHECK_DIFF_FILES)) {
    lines.push(`${file}:`);
    for (const change of nodes) {
      const parts = [
        change.newEntry ? 'new entry' : '',
        change.description && !change.newEntry ? 'description' : '',
        change.columns.length > 0 ? `columns ${change.columns.join(', ')}` : '',
      ].filter(Boolean);
      lines.push(`  ${shortName(change.node)}: ${parts.join('; ')}`);
    }
    const diff = hunks.get(file) ?? [];
    for (const line of diff.slice(0, MAX_DIFF_LINES)) lines.push(`    ${line}`);
    if (diff.length > MAX_DIFF_LINES) lines.push(`    … ${diff.length - MAX_DIFF_LINES} more diff lines (--dry-run shows all)`);
  }
  const more = report.fileChanges.length - CHECK_DIFF_FILES;
  if (more > 0) lines.push(`… and ${more} more files (--dry-run shows all)`);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * How to apply the changes, naming only what the reader can run: inside pre-commit the
 * `osmosis-ts` command exists only in pre-commit's own environment, so the advice is the fix hook.
 */
export function applyAdvice(env: Record<string, string | undefined>): string {
  if (env['PRE_COMMIT'] === '1') {
    return (
      'To apply: add the `osmosis-ts-document` hook (same repo and rev) to .pre-commit-config.yaml, run ' +
      '`pre-commit run osmosis-ts-document --all-files`, then stage the files it changed.'
    );
  }
  return 'Run `osmosis-ts yaml document` without --check to apply.';
}
