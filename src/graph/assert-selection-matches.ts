import { InputError } from '../errors.js';
import type { DbtNode } from '../project/manifest/types.js';
import type { DocGraph } from './build-graph.js';
import { selectNodes, type SelectionContext, type SelectionSpec } from './select.js';

/** The selection of a run: dbt-osmosis's `--fqn X` is dbt's `fqn:X`, selected alongside `--select`. */
export function selectionSpec(options: { select: readonly string[]; exclude: readonly string[]; positional: readonly string[]; fqn?: readonly string[] }): SelectionSpec {
  return { select: [...options.select, ...(options.fqn ?? []).map((f) => `fqn:${f}`)], exclude: options.exclude, positional: options.positional };
}

function label(selector: string, kind: 'select' | 'positional'): string {
  if (kind === 'positional') return `'${selector}'`;
  return selector.startsWith('fqn:') ? `--fqn '${selector.slice(4)}'` : `--select '${selector}'`;
}

/**
 * A mistyped selector must not pass silently (a `--check` in CI would pass while checking nothing):
 * each `--select`, `--fqn` and positional selector, taken on its own, must match some node, and the
 * whole selection must leave some node of the project. Throws an input error naming the selector.
 */
export function assertSelectionMatches(
  graph: DocGraph,
  nodes: ReadonlyMap<string, DbtNode>,
  spec: SelectionSpec,
  ctx: SelectionContext,
  result: { writable: number; project: string },
): void {
  const unmatched: string[] = [];
  const matchesNothing = (one: SelectionSpec): boolean => selectNodes(graph, nodes, one, ctx).size === 0;
  for (const arg of spec.select) {
    for (const token of arg.split(/\s+/).filter(Boolean)) {
      if (matchesNothing({ select: [token], exclude: [], positional: [] })) unmatched.push(label(token, 'select'));
    }
  }
  for (const arg of spec.positional) {
    for (const token of arg.split(/\s+/).filter(Boolean)) {
      if (matchesNothing({ select: [], exclude: [], positional: [token] })) unmatched.push(label(token, 'positional'));
    }
  }
  if (unmatched.length > 0) {
    throw new InputError(
      'selection-empty',
      `The selector ${unmatched.join(', ')} matches no node of the manifest. Check the spelling (names, path:, tag:, fqn: …); ` +
        '`dbt ls -s <selector>` shows what dbt selects. Nothing was written.',
    );
  }
  const selecting = spec.select.length + spec.positional.length + spec.exclude.length > 0;
  if (selecting && result.writable === 0) {
    throw new InputError(
      'selection-empty',
      `The selection (${[...spec.select.map((s) => label(s, 'select')), ...spec.positional.map((s) => label(s, 'positional')), ...spec.exclude.map((s) => `--exclude '${s}'`)].join(' ')}) ` +
        `leaves no node of project '${result.project}' to document: its nodes are in other packages or excluded. Nothing was written.`,
    );
  }
}
