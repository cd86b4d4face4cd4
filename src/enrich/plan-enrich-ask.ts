/**
 * Decides what to ask a node for (spec/enrich.md): existing values are never asked again (a
 * column with the PII flag, a test kind the column already has), and each column's test
 * candidates are derived from what exists: seed categories, SQL literals, upstream columns.
 */
import type { DocGraph } from '../graph/build-graph.js';
import type { DocState, NodeDoc, ColumnDoc } from '../inheritance/doc-state.js';
import type { DbtNode } from '../project/manifest/types.js';
import type { EnrichSettings } from './enrich-settings.js';
import { asksAnything, type ColumnAsk, type EnrichAsk, type TestCandidates } from './enrich-ask.js';
import { sqlLiteralsFor } from './sql-literals.js';

/** Upstream nodes searched for relationship targets and seed categories. */
const MAX_GENERATIONS = 3;
/** Relationship targets offered per column. */
const MAX_RELATIONSHIPS = 4;

export interface EnrichProject {
  settings: EnrichSettings;
  /** Tags the project already uses (nodes and columns) plus configured ones. */
  tagVocabulary: readonly string[];
  /** A seed's category columns (lower-cased name → values), read at the edge; undefined if unread. */
  seedCategories(seedId: string): ReadonlyMap<string, readonly string[]> | undefined;
}

/** Every tag the manifest's nodes and columns use, plus `extra`, sorted and distinct. */
export function projectTagVocabulary(nodes: Iterable<DbtNode>, extra: readonly string[]): string[] {
  const tags = new Set<string>(extra);
  for (const node of nodes) {
    for (const tag of node.tags) tags.add(tag);
    for (const column of node.columns) for (const tag of column.tags) tags.add(tag);
  }
  return [...tags].filter((t) => t.trim() !== '').sort();
}

/** Test names a YAML column already declares, under `data_tests:` or `tests:`, string or mapping form. */
export function existingTestNames(column: ColumnDoc): Set<string> {
  const names = new Set<string>();
  const values = column.yaml?.values;
  for (const key of ['data_tests', 'tests']) {
    const list = values?.[key];
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (typeof item === 'string') names.add(item.replace(/^.*\./, ''));
      else if (item !== null && typeof item === 'object') {
        for (const name of Object.keys(item as Record<string, unknown>)) names.add(name.replace(/^.*\./, ''));
      }
    }
  }
  return names;
}

/** `ref('x')` or `source('s', 't')`: what a relationships test writes as `to:`. */
export function refOf(node: DbtNode): string {
  if (node.resourceType === 'source') return `source('${node.sourceName ?? ''}', '${node.name}')`;
  return node.version === undefined ? `ref('${node.name}')` : `ref('${node.name}', v=${node.version})`;
}

/* A relationships test points at a key: a column with a unique test, or one named like a key. */
const KEY_NAME = /(^|_)(id|key|uuid|code)$/i;

function looksLikeKey(column: ColumnDoc): boolean {
  return KEY_NAME.test(column.name) || existingTestNames(column).has('unique');
}

function hasMetaKey(meta: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(meta, key);
}

function testCandidates(doc: NodeDoc, column: ColumnDoc, ancestors: readonly NodeDoc[], project: EnrichProject): TestCandidates | undefined {
  const existing = existingTestNames(column);
  const lower = column.name.toLowerCase();
  const candidates: TestCandidates = { notNull: !existing.has('not_null'), unique: !existing.has('unique'), relationships: [] };
  if (!existing.has('accepted_values')) {
    const traced = new Set([lower, ...(column.derivedFrom ?? []).map((d) => d.column.toLowerCase())]);
    const seeds = [doc, ...ancestors].filter((d) => d.node.resourceType === 'seed');
    for (const seed of seeds) {
      const name = [...traced].find((n) => project.seedCategories(seed.node.uniqueId)?.has(n));
      const values = name === undefined ? undefined : project.seedCategories(seed.node.uniqueId)?.get(name);
      if (values !== undefined) {
        candidates.acceptedValues = { values: [...values], source: seed.node.originalFilePath };
        break;
      }
    }
    const sql = doc.node.compiledCode ?? doc.node.rawCode;
    if (candidates.acceptedValues === undefined && sql !== undefined) {
      const literals = sqlLiteralsFor(sql, column.name);
      if (literals.length > 0) candidates.acceptedValues = { values: literals, source: 'sql' };
    }
  }
  if (!existing.has('relationships')) {
    const lineage = new Set((column.derivedFrom ?? []).map((d) => `${d.node}\u0000${d.column.toLowerCase()}`));
    for (const ancestor of ancestors) {
      const target = ancestor.byName.get(lower) ?? ancestor.columns.find((c) => lineage.has(`${ancestor.node.uniqueId}\u0000${c.name.toLowerCase()}`));
      if (target === undefined || !looksLikeKey(target)) continue;
      candidates.relationships.push({ toNode: ancestor.node.uniqueId, to: refOf(ancestor.node), field: target.name });
      if (candidates.relationships.length >= MAX_RELATIONSHIPS) break;
    }
  }
  const any = candidates.notNull || candidates.unique || candidates.acceptedValues !== undefined || candidates.relationships.length > 0;
  return any ? candidates : undefined;
}

function ancestorsOf(id: string, state: DocState, graph: DocGraph): NodeDoc[] {
  const out: NodeDoc[] = [];
  let generation = 0;
  for (const ids of graph.walkAncestorGenerations(id)) {
    if (++generation > MAX_GENERATIONS) break;
    for (const ancestorId of ids) {
      const doc = state.get(ancestorId);
      if (doc !== undefined) out.push(doc);
    }
  }
  return out;
}

/** What to ask `doc` for; undefined when nothing is left to ask. */
export function planEnrichAsk(doc: NodeDoc, state: DocState, graph: DocGraph, project: EnrichProject): EnrichAsk | undefined {
  const { settings } = project;
  const asked = new Set(settings.fields);
  const tagVocabulary = asked.has('tags') ? [...project.tagVocabulary] : [];
  const ancestors = asked.has('tests') ? ancestorsOf(doc.node.uniqueId, state, graph) : [];
  const columns: ColumnAsk[] = [];
  for (const column of doc.columns) {
    const pii = asked.has('pii') && !hasMetaKey(column.meta, settings.keys.piiFlag) && !hasMetaKey(column.meta, settings.keys.piiCategory);
    const have = new Set(column.tags);
    const tags = tagVocabulary.filter((t) => !have.has(t));
    const tests = asked.has('tests') ? testCandidates(doc, column, ancestors, project) : undefined;
    if (pii || tags.length > 0 || tests !== undefined) columns.push({ name: column.name, pii, tags, ...(tests === undefined ? {} : { tests }) });
  }
  const ask: EnrichAsk = {
    purpose: asked.has('purpose') && !hasMetaKey(doc.node.meta, settings.keys.purpose),
    nodeTags: tagVocabulary.filter((t) => !doc.node.tags.includes(t)),
    piiCategories: [...settings.piiCategories],
    columns,
  };
  return asksAnything(ask) ? ask : undefined;
}
