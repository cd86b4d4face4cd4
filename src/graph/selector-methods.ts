import { posix } from 'node:path';
import type { DbtNode } from '../project/manifest/types.js';
import { SelectionError } from './errors.js';
import { fnmatch, hasWildcard } from './fnmatch.js';
import { nodeFilePaths, normalizeRelative, pathMatches, rootPackage, toProjectPath, type PathContext } from './node-paths.js';
import type { SelectorItem } from './parse-selector.js';

/** Decides for one node whether it matches; built once per selector item. */
type NodePredicate = (node: DbtNode) => boolean;
type MethodFactory = (item: SelectorItem, ctx: PathContext) => NodePredicate;

// dbt's NodeType values: valid after `resource_type:` even when they match no documented node.
const RESOURCE_TYPES = new Set([
  'model', 'analysis', 'test', 'snapshot', 'operation', 'seed', 'rpc', 'sql_operation', 'doc',
  'source', 'macro', 'exposure', 'metric', 'group', 'saved_query', 'semantic_model', 'unit_test',
  'fixture', 'function',
]);

const METHODS: Record<string, MethodFactory> = {
  fqn: (item) => (node) => fqnMatches(node, item.value),
  tag: (item) => (node) => node.tags.some((t) => fnmatch(t, item.value)),
  path: (item, ctx) => {
    const target = toProjectPath(item.value, ctx.projectDir, ctx);
    if (target === undefined) return () => false;
    return (node) => nodeFilePaths(node, ctx.packageDirs).some((f) => pathMatches(f, target));
  },
  file: (item, ctx) => (node) =>
    nodeFilePaths(node, ctx.packageDirs)
      .concat(node.originalFilePath)
      .some((f) => {
        const base = posix.basename(f);
        return fnmatch(base, item.value) || fnmatch(base.replace(/\.[^.]*$/, ''), item.value);
      }),
  resource_type: (item) => {
    if (!RESOURCE_TYPES.has(item.value)) {
      throw new SelectionError(item.raw, `unknown resource type "${item.value}"; expected one of ${[...RESOURCE_TYPES].join(', ')}.`);
    }
    return (node) => node.resourceType === item.value;
  },
  package: (item, ctx) => {
    const wanted = item.value === 'this' ? (rootPackage(ctx.packageDirs) ?? item.value) : item.value;
    return (node) => fnmatch(node.packageName, wanted);
  },
  source: (item) => {
    const parts = item.value.split('.');
    if (parts.length > 3) {
      throw new SelectionError(item.raw, 'source: takes source_name, source_name.table or package.source_name.table.');
    }
    const [pkg, source, table] =
      parts.length === 3 ? parts : parts.length === 2 ? ['*', ...parts] : ['*', parts[0], '*'];
    return (node) =>
      node.resourceType === 'source' &&
      fnmatch(node.packageName, pkg ?? '*') &&
      fnmatch(node.sourceName ?? '', source ?? '*') &&
      fnmatch(node.name, table ?? '*');
  },
  config: (item) => {
    if (item.methodArgs.length === 0) {
      throw new SelectionError(item.raw, 'config needs a key, e.g. config.materialized:view.');
    }
    return (node) => configMatches(configValue(node, item.methodArgs), item.value);
  },
};

/** The methods `method:value` accepts, for messages and docs. */
export const SELECTOR_METHODS: readonly string[] = Object.keys(METHODS).map((m) => (m === 'config' ? 'config.<key>' : m));

/** Builds the predicate of a selector item's method (or of a bare value's default method). */
export function methodPredicate(item: SelectorItem, ctx: PathContext): NodePredicate {
  if (item.method === undefined) return defaultPredicate(item, ctx);
  const factory = METHODS[item.method];
  if (factory === undefined || (item.method !== 'config' && item.methodArgs.length > 0)) {
    throw new SelectionError(
      item.raw,
      `unknown selector method "${[item.method, ...item.methodArgs].join('.')}"; valid methods: ${SELECTOR_METHODS.join(', ')}.`,
    );
  }
  return factory(item, ctx);
}

/**
 * A bare value, as dbt reads it: a path when it holds a `/`; a file name when it ends with a
 * file extension (also tried as a path); otherwise a node name or dotted fqn, wildcards allowed.
 */
function defaultPredicate(item: SelectorItem, ctx: PathContext): NodePredicate {
  const METHOD = METHODS as Record<'path' | 'file' | 'fqn', MethodFactory>;
  if (item.value.includes('/') || item.value.includes('\\')) return METHOD.path(item, ctx);
  if (/\.(sql|py|csv|ya?ml)$/i.test(item.value)) {
    const asPath = METHOD.path(item, ctx);
    const asFile = METHOD.file(item, ctx);
    return (node) => asPath(node) || asFile(node);
  }
  return (node) => fqnMatches(node, item.value) || (hasWildcard(item.value) && node.resourceType !== 'source' && fnmatch(node.name, item.value));
}

/**
 * dbt's `fqn` method: the selector against the fqn, and against it without the package. As in
 * dbt it never matches a source (select those with `source:`).
 */
export function fqnMatches(node: DbtNode, selector: string): boolean {
  if (node.resourceType === 'source') return false;
  const versioned = node.version !== undefined;
  return isSelectedNode(node.fqn, selector, versioned) || isSelectedNode(node.fqn.slice(1), selector, versioned);
}

// Port of dbt's graph/selector_methods.py is_selected_node.
function isSelectedNode(fqn: readonly string[], selector: string, versioned: boolean): boolean {
  const last = fqn[fqn.length - 1];
  if (versioned) {
    const name = fqn[fqn.length - 2];
    if (name === selector || `${name}_${last}` === selector || `${name}.${last}` === selector) return true;
  } else if (last === selector) {
    return true;
  }
  const flat = fqn.flatMap((segment) => segment.split('.'));
  const parts = selector.split('.');
  if (flat.length < parts.length) return false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (hasWildcard(part)) return fnmatch(flat.slice(i).join('.'), parts.slice(i).join('.'));
    if (flat[i] !== part) return false;
  }
  return true;
}

function configValue(node: DbtNode, keys: readonly string[]): unknown {
  const [key, ...rest] = keys;
  if (key === 'meta') {
    return rest.reduce<unknown>(
      (v, k) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined),
      node.meta,
    );
  }
  if (rest.length > 0) return undefined;
  if (key === 'materialized') return node.materialized;
  if (key === 'tags') return node.tags;
  if (key === 'enabled') return true; // disabled nodes never reach the graph
  return undefined; // keys the normalized node does not keep match nothing, as in dbt
}

function configMatches(value: unknown, wanted: string): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some((v) => configMatches(v, wanted));
  if (typeof value === 'boolean') return String(value) === wanted.toLowerCase();
  if (typeof value === 'object') return false;
  return fnmatch(String(value), wanted);
}

/** Positional selector as dbt-osmosis reads it: a file or directory under the project, else a name. */
export function positionalPredicate(raw: string, ctx: PathContext, nodes: Iterable<DbtNode>): NodePredicate {
  const target = toProjectPath(raw, ctx.cwd, ctx);
  if (target !== undefined) {
    const wanted = normalizeRelative(target);
    const byPath: NodePredicate = (node) => nodeFilePaths(node, ctx.packageDirs).some((f) => pathMatches(f, wanted));
    for (const node of nodes) if (byPath(node)) return byPath;
  }
  return (node) => fqnMatches(node, raw) || (hasWildcard(raw) && node.resourceType !== 'source' && fnmatch(node.name, raw));
}
