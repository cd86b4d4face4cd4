export { buildGraph, type DocGraph } from './build-graph.js';
export { compareIds } from './compare-ids.js';
export { GraphCycleError, SelectionError } from './errors.js';
export { selectNodes, type SelectionContext, type SelectionSpec } from './select.js';
export { SELECTOR_METHODS } from './selector-methods.js';
