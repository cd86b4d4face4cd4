import { OsmosisError } from '../errors.js';

/** Errors raised by the node graph and the selection syntax. Both are bad input (exit code 2). */

/** The manifest's dependencies form a cycle, so there is no parents-first order. */
export class GraphCycleError extends OsmosisError {
  declare readonly code: 'graph-cycle';
  /** The nodes of one cycle in edge order (parent → child), the first repeated at the end. */
  readonly cycle: readonly string[];

  constructor(cycle: readonly string[]) {
    super(
      'graph-cycle',
      `Cycle in the node graph: ${describeCycle(cycle)}. ` +
        'dbt should have refused this project; re-run `dbt parse` and check the refs of these nodes.',
    );
    this.cycle = cycle;
  }
}

// A cycle through thousands of nodes would make an unreadable message; `cycle` keeps them all.
const SHOWN = 20;

function describeCycle(cycle: readonly string[]): string {
  if (cycle.length <= SHOWN) return cycle.join(' -> ');
  const hidden = cycle.length - SHOWN;
  return [...cycle.slice(0, SHOWN / 2), `… ${hidden} more …`, ...cycle.slice(-SHOWN / 2)].join(' -> ');
}

/** A `--select` / `--exclude` / positional selector that cannot be understood. */
export class SelectionError extends OsmosisError {
  declare readonly code: 'bad-selector';
  readonly selector: string;

  constructor(selector: string, problem: string) {
    super('bad-selector', `Bad selector "${selector}": ${problem}`);
    this.selector = selector;
  }
}
