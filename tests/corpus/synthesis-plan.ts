/**
 * An independent count of the LLM calls `--synthesize` should need on a corpus project, from plain
 * JSON and YAML (no code shared with src/, like oracle.ts): the upstream-first plan of
 * docs/synthesis.md, and an estimate of what dbt-osmosis's strategy would need on the same project.
 *
 * Only whether a column is documented matters for counting, not the text, so inheritance reduces
 * to: a column is documented after its node's turn when its own description is real or some
 * ancestor has a matching column that is documented after that ancestor's turn (the nearest-
 * generation rule picks *which* text, never *whether* there is one).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readYamlAsDbt } from './read-yaml-as-dbt.js';
import { isReal, yamlFilesUnder } from './oracle.js';

type Json = Record<string, any>;
const TYPES = new Set(['model', 'seed', 'snapshot', 'source']);

/** One node as a count needs it: which columns and whether its own description are documented. */
export interface PlanNode {
  id: string;
  resourceType: string;
  materialized?: string;
  writable: boolean;
  /** Has a YAML entry in its package. */
  hasEntry: boolean;
  /** Real node description as read (writable nodes: from YAML only). */
  described: boolean;
  /** Lower-cased column name → documented by a person (before inheritance). */
  columns: Map<string, boolean>;
  /** Lower-cased `osmosis_prefix` / `dbt_osmosis_prefix` / meta `dbt-osmosis-prefix`. */
  prefix?: string;
  parents: string[];
}

export interface CorpusDocs {
  /** Every node of the graph, parents before children (ties by unique_id). */
  order: string[];
  nodes: Map<string, PlanNode>;
}

interface YamlEntryDocs {
  description?: unknown;
  prefix?: string;
  columns: Map<string, unknown>;
}

function sectionKey(n: Json): string {
  const section = n.resource_type === 'source' ? 'sources' : `${n.resource_type}s`;
  return `${section}|${n.resource_type === 'source' ? n.source_name : ''}|${String(n.name).toLowerCase()}`;
}

function prefixOf(entry: Json | undefined): string | undefined {
  const config = entry?.config ?? {};
  const p = config.osmosis_prefix ?? config.dbt_osmosis_prefix ?? entry?.meta?.['dbt-osmosis-prefix'] ?? config.meta?.['dbt-osmosis-prefix'];
  return typeof p === 'string' && p !== '' ? p.toLowerCase() : undefined;
}

/** `section|source|name` → the entry's description and columns, from one package's YAML. */
function readEntries(packageDir: string): Map<string, YamlEntryDocs> {
  const project = parse(readFileSync(path.join(packageDir, 'dbt_project.yml'), 'utf8')) ?? {};
  const roots = [
    ...(project['model-paths'] ?? project['source-paths'] ?? ['models']),
    ...(project['seed-paths'] ?? project['data-paths'] ?? ['seeds']),
    ...(project['snapshot-paths'] ?? ['snapshots']),
  ];
  const out = new Map<string, YamlEntryDocs>();
  const add = (key: string, e: Json) => {
    if (out.has(key)) return;
    const columns = new Map<string, unknown>();
    for (const c of Array.isArray(e.columns) ? e.columns : []) {
      if (c && typeof c.name === 'string' && !columns.has(c.name.toLowerCase())) columns.set(c.name.toLowerCase(), c.description);
    }
    const prefix = prefixOf(e);
    out.set(key, { description: e.description, columns, ...(prefix ? { prefix } : {}) });
  };
  for (const root of roots) {
    for (const file of yamlFilesUnder(path.join(packageDir, root))) {
      const data = readYamlAsDbt(readFileSync(file, 'utf8')) ?? {};
      if (typeof data !== 'object') continue;
      for (const section of ['models', 'seeds', 'snapshots']) {
        for (const e of Array.isArray(data[section]) ? data[section] : []) if (e?.name) add(`${section}||${String(e.name).toLowerCase()}`, e);
      }
      for (const s of Array.isArray(data.sources) ? data.sources : []) {
        for (const t of Array.isArray(s?.tables) ? s.tables : []) if (t?.name) add(`sources|${s.name}|${String(t.name).toLowerCase()}`, t);
      }
    }
  }
  return out;
}

/** Reads a corpus project: its graph, and what a person documented on each node. */
export function readCorpusDocs(opts: { manifest: Json; catalog?: Json; packageDirs: Record<string, string>; writable: string }): CorpusDocs {
  const raw: Record<string, Json> = {};
  for (const n of [...Object.values(opts.manifest.nodes ?? {}), ...Object.values(opts.manifest.sources ?? {})] as Json[]) {
    if (!TYPES.has(n.resource_type)) continue;
    const enabled = n.config?.enabled;
    if (enabled === false || enabled === 'false' || enabled === 'False') continue;
    raw[n.unique_id] = n;
  }
  const entriesByPackage: Record<string, Map<string, YamlEntryDocs>> = {};
  for (const [pkg, dir] of Object.entries(opts.packageDirs)) if (existsSync(path.join(dir, 'dbt_project.yml'))) entriesByPackage[pkg] = readEntries(dir);

  const nodes = new Map<string, PlanNode>();
  for (const [id, n] of Object.entries(raw)) {
    const writable = n.package_name === opts.writable;
    const entry = entriesByPackage[n.package_name]?.get(sectionKey(n));
    const columns = new Map<string, boolean>();
    let described: boolean;
    if (entry) {
      for (const [name, d] of entry.columns) columns.set(name, isReal(d));
      described = isReal(entry.description);
    } else if (!writable) {
      // A package without YAML on disk (installed from the hub): the manifest's text.
      for (const c of Object.values(n.columns ?? {}) as Json[]) columns.set(String(c.name).toLowerCase(), isReal(c.description));
      described = isReal(n.description);
    } else described = false;
    const catalogEntry = opts.catalog?.nodes?.[id] ?? opts.catalog?.sources?.[id];
    for (const c of Object.values(catalogEntry?.columns ?? {}) as Json[]) if (!columns.has(String(c.name).toLowerCase())) columns.set(String(c.name).toLowerCase(), false);
    const prefix = entry?.prefix ?? prefixOf(n);
    nodes.set(id, {
      id,
      resourceType: n.resource_type,
      ...(typeof n.config?.materialized === 'string' ? { materialized: n.config.materialized } : {}),
      writable,
      hasEntry: entry !== undefined,
      described,
      columns,
      ...(prefix ? { prefix } : {}),
      parents: [...new Set<string>((n.depends_on?.nodes ?? []).filter((p: string) => raw[p]))],
    });
  }

  const order: string[] = [];
  const done = new Set<string>();
  const ids = [...nodes.keys()].sort();
  while (order.length < ids.length) {
    const next = ids.find((id) => !done.has(id) && nodes.get(id)!.parents.every((p) => done.has(p)));
    if (next === undefined) throw new Error('cycle in the corpus graph');
    done.add(next);
    order.push(next);
  }
  return { order, nodes };
}

/** What one node still misses after inheriting. */
export interface NodeNeed {
  missingColumns: number;
  needsDescription: boolean;
  calls: number;
}

export interface CallPlan {
  /** Nodes that need at least one call, with what they miss. */
  needs: Map<string, NodeNeed>;
  calls: number;
}

/** Columns of every ancestor (any generation) of `id`. */
function ancestorsOf(id: string, nodes: Map<string, PlanNode>): string[] {
  const seen = new Set<string>();
  const todo = [...nodes.get(id)!.parents];
  while (todo.length) {
    const a = todo.pop() as string;
    if (seen.has(a)) continue;
    seen.add(a);
    todo.push(...nodes.get(a)!.parents);
  }
  return [...seen];
}

/**
 * Walks the nodes parents first; each inherits from its ancestors' state after their turn, then
 * counts its calls. With `synthesizedFlowsDown`, what a call fills is documented for descendants
 * (our scheduler); without, descendants see only what people wrote (a child that may start before
 * its parent is done). `candidate` says which nodes are synthesized; `callsFor` is the strategy.
 */
export function planCalls(
  docs: CorpusDocs,
  opts: {
    synthesizedFlowsDown: boolean;
    candidate: (node: PlanNode) => boolean;
    callsFor: (need: { missingColumns: number; needsDescription: boolean; totalColumns: number }) => number;
  },
): CallPlan {
  // Lower-cased column → documented after the node's turn.
  const after = new Map<string, Map<string, boolean>>();
  const needs = new Map<string, NodeNeed>();
  let calls = 0;
  for (const id of docs.order) {
    const node = docs.nodes.get(id)!;
    const ancestors = ancestorsOf(id, docs.nodes);
    const state = new Map<string, boolean>();
    for (const [name, own] of node.columns) {
      const names = node.prefix && name.startsWith(node.prefix) && name.length > node.prefix.length ? [name.slice(node.prefix.length), name] : [name];
      state.set(name, own || ancestors.some((a) => names.some((n) => after.get(a)?.get(n) === true)));
    }
    const missing = [...state.values()].filter((d) => !d).length;
    const needsDescription = !node.described;
    if (node.writable && opts.candidate(node) && (missing > 0 || needsDescription)) {
      const n = opts.callsFor({ missingColumns: missing, needsDescription, totalColumns: state.size });
      if (n > 0) {
        needs.set(id, { missingColumns: missing, needsDescription, calls: n });
        calls += n;
        if (opts.synthesizedFlowsDown) for (const name of state.keys()) state.set(name, true);
      }
    }
    after.set(id, state);
  }
  return { needs, calls };
}

/** docs/synthesis.md "Strategy per node": bulk above the threshold, else one call per item. */
export function ourStrategy(threshold: number) {
  return (n: { missingColumns: number; needsDescription: boolean }): number =>
    n.missingColumns > threshold ? 1 : n.missingColumns + (n.needsDescription ? 1 : 0);
}

/**
 * Whether osmosis-ts writes the node: it has a YAML entry, or it is a model, seed or snapshot
 * (which gets one). A source table is declared in YAML, so one without an entry does not exist.
 */
export function isWritten(n: PlanNode): boolean {
  return n.writable && (n.hasEntry || n.resourceType !== 'source');
}

/** The upstream-first plan of osmosis-ts: every written node, synthesized text flows down. */
export function upstreamFirstPlan(docs: CorpusDocs, threshold: number): CallPlan {
  return planCalls(docs, { synthesizedFlowsDown: true, candidate: isWritten, callsFor: ourStrategy(threshold) });
}

/**
 * dbt-osmosis's `synthesize_missing_documentation_with_openai` (src/dbt_osmosis/core/transforms.py):
 * candidates are the project's models (not ephemeral), sources and seeds (node_filters.py
 * `_iter_candidate_nodes`); a node with no column makes no call; more than 10 undocumented columns
 * (hard-coded) → one `generate_model_spec_as_json` call, else `generate_table_doc` when the node
 * description is missing plus one `generate_column_doc` per undocumented column. Its thread pool
 * maps over the topological order without waiting for parents, so a child is counted as seeing
 * only what people wrote.
 */
export function dbtOsmosisEstimate(docs: CorpusDocs): CallPlan {
  return planCalls(docs, {
    synthesizedFlowsDown: false,
    candidate: (n) => ['model', 'source', 'seed'].includes(n.resourceType) && !(n.resourceType === 'model' && n.materialized === 'ephemeral'),
    callsFor: (n) => (n.totalColumns === 0 ? 0 : n.missingColumns > 10 ? 1 : n.missingColumns + (n.needsDescription ? 1 : 0)),
  });
}
