import type { DbtNode } from '../manifest/types.js';
import type { ColumnDoc, NodeDoc } from '../inheritance/doc-state.js';
import type { EntrySection, SchemaFile, YamlEdit, YamlPath } from '../yaml/types.js';

/** The edits of one schema file: edits to an existing file, or the entries of a new one. */
export interface FilePlan {
  /** Path relative to the project dir. */
  path: string;
  edits: YamlEdit[];
  /** For a file that does not exist yet: its sections. */
  newSections?: Partial<Record<EntrySection, Record<string, unknown>[]>>;
  /** What the edits change, node by node, for summaries (the hook's failure message). */
  changes: NodeChange[];
}

/** The part of one node that a file plan changes. */
export interface NodeChange {
  /** The node's unique id. */
  node: string;
  /** Names of the columns edited or added. */
  columns: string[];
  /** The node's own description is set. */
  description: boolean;
  /** The node gets a new YAML entry. */
  newEntry: boolean;
}

export interface PlanOptions {
  skipAddColumns: boolean;
  skipAddDataTypes: boolean;
  addProgenitorToMeta: boolean;
}

export interface PlanInput {
  docs: Iterable<NodeDoc>;
  /** The parsed schema file at a path relative to the project dir, when it exists. */
  schemaFile(path: string): SchemaFile | undefined;
  /** Where a node without a YAML entry goes (path relative to the project dir). */
  route(node: DbtNode): string;
  options: PlanOptions;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Meta as it should be written: the column's meta plus the progenitor when asked for. */
function metaToWrite(column: ColumnDoc, options: PlanOptions): Record<string, unknown> {
  if (options.addProgenitorToMeta && column.progenitor && column.origin !== 'own') {
    return { ...column.meta, osmosis_progenitor: column.progenitor };
  }
  return column.meta;
}

function keyPath(base: YamlPath, dotted: string): YamlPath {
  return [...base, ...dotted.split('.')];
}

/**
 * Edits that bring an existing YAML column up to its documented state. New tags and meta go where
 * the column (or, for a column with neither, the file) keeps them: `tags`/`meta`, or under
 * `config` (dbt 1.10+), creating `config` when the column has none.
 */
function editsForColumn(column: ColumnDoc, options: PlanOptions): YamlEdit[] {
  const yaml = column.yaml;
  if (!yaml) return [];
  const edits: YamlEdit[] = [];
  if (column.description !== undefined && column.description !== yaml.description) {
    edits.push({ op: 'set', path: [...yaml.path, 'description'], value: column.description });
  }
  const newConfig: Record<string, unknown> = {};
  const newTags = column.tags.filter((t) => !yaml.tags.includes(t));
  if (newTags.length > 0) {
    if (yaml.hasTagsKey) for (const tag of newTags) edits.push({ op: 'append', path: keyPath(yaml.path, yaml.tagsKey), value: tag });
    else if (yaml.tagsKey === 'config.tags' && !yaml.hasConfig) newConfig['tags'] = column.tags;
    else edits.push({ op: 'set', path: keyPath(yaml.path, yaml.tagsKey), value: column.tags });
  }
  const meta = metaToWrite(column, options);
  const changedKeys = Object.keys(meta).filter((k) => !(k in yaml.meta) || !sameJson(yaml.meta[k], meta[k]));
  if (changedKeys.length > 0) {
    if (yaml.hasMetaKey) for (const k of changedKeys) edits.push({ op: 'set', path: [...keyPath(yaml.path, yaml.metaKey), k], value: meta[k] });
    else if (yaml.metaKey === 'config.meta' && !yaml.hasConfig) newConfig['meta'] = meta;
    else edits.push({ op: 'set', path: keyPath(yaml.path, yaml.metaKey), value: meta });
  }
  if (Object.keys(newConfig).length > 0) edits.push({ op: 'set', path: [...yaml.path, 'config'], value: newConfig });
  return edits;
}

/** A new YAML column mapping: name, data_type, description, tags, meta. */
function newColumnValue(column: ColumnDoc, options: PlanOptions): Record<string, unknown> {
  const value: Record<string, unknown> = { name: column.name };
  if (column.dataType && !options.skipAddDataTypes) value['data_type'] = column.dataType;
  if (column.description !== undefined && column.description !== '') value['description'] = column.description;
  if (column.tags.length > 0) value['tags'] = column.tags;
  const meta = metaToWrite(column, options);
  if (Object.keys(meta).length > 0) value['meta'] = meta;
  return value;
}

function sectionOf(node: DbtNode): EntrySection {
  return node.resourceType === 'model' ? 'models' : node.resourceType === 'seed' ? 'seeds' : node.resourceType === 'snapshot' ? 'snapshots' : 'sources';
}

function planExistingEntry(doc: NodeDoc, options: PlanOptions): YamlEdit[] {
  const located = doc.entry;
  if (!located) return [];
  const { entry } = located;
  const edits: YamlEdit[] = [];
  if (doc.description !== undefined && doc.description !== entry.description) {
    edits.push({ op: 'set', path: [...entry.path, 'description'], value: doc.description });
  }
  for (const column of doc.columns) {
    if (column.yaml) edits.push(...editsForColumn(column, options));
    else if (!options.skipAddColumns) edits.push({ op: 'append', path: entry.columnsPath, value: newColumnValue(column, options) });
  }
  return edits;
}

function newEntryValue(doc: NodeDoc, options: PlanOptions): Record<string, unknown> {
  const value: Record<string, unknown> = { name: doc.node.name };
  if (doc.description !== undefined && doc.description !== '') value['description'] = doc.description;
  const columns = options.skipAddColumns ? [] : doc.columns.map((c) => newColumnValue(c, options));
  if (columns.length > 0) value['columns'] = columns;
  return value;
}

/**
 * Turns the documentation state of the nodes to write into edits per schema file. Pure: the
 * writer applies them. Models without a YAML entry get one in their routed file.
 */
export function planYamlEdits(input: PlanInput): Map<string, FilePlan> {
  const plans = new Map<string, FilePlan>();
  const planFor = (path: string): FilePlan => {
    let plan = plans.get(path);
    if (!plan) {
      plan = { path, edits: [], changes: [] };
      plans.set(path, plan);
    }
    return plan;
  };
  const newEntries = new Map<string, Map<EntrySection, Record<string, unknown>[]>>();
  for (const doc of input.docs) {
    if (doc.entry) {
      const edits = planExistingEntry(doc, input.options);
      if (edits.length > 0) {
        const plan = planFor(doc.entry.file);
        plan.edits.push(...edits);
        plan.changes.push(describeEdits(doc, edits));
      }
      continue;
    }
    if (doc.node.resourceType !== 'model') continue;
    const file = input.route(doc.node);
    const bySection = newEntries.get(file) ?? new Map<EntrySection, Record<string, unknown>[]>();
    newEntries.set(file, bySection);
    const section = sectionOf(doc.node);
    const value = newEntryValue(doc, input.options);
    bySection.set(section, [...(bySection.get(section) ?? []), value]);
    const columns = Array.isArray(value['columns']) ? (value['columns'] as { name: string }[]).map((c) => c.name) : [];
    planFor(file).changes.push({ node: doc.node.uniqueId, columns, description: 'description' in value, newEntry: true });
  }
  for (const [file, bySection] of newEntries) {
    const existing = input.schemaFile(file);
    const plan = planFor(file);
    if (!existing) {
      plan.newSections = Object.fromEntries(bySection);
      continue;
    }
    for (const [section, values] of bySection) {
      const sectionPath = existing.sections[section];
      if (sectionPath) for (const value of values) plan.edits.push({ op: 'append', path: sectionPath, value });
      else plan.edits.push({ op: 'set', path: [section], value: values });
    }
  }
  for (const plan of plans.values()) plan.edits = dedupeEdits(plan.edits);
  return plans;
}

const startsWith = (path: YamlPath, prefix: YamlPath): boolean => prefix.every((step, i) => path[i] === step);

/** Which columns (and whether the description) of an existing entry the edits touch, read off the edits. */
function describeEdits(doc: NodeDoc, edits: readonly YamlEdit[]): NodeChange {
  const entry = doc.entry?.entry;
  const columns = new Set<string>();
  let description = false;
  for (const edit of edits) {
    if (entry && edit.path.length === entry.path.length + 1 && startsWith(edit.path, entry.path) && edit.path.at(-1) === 'description') description = true;
    const column = doc.columns.find((c) => c.yaml && startsWith(edit.path, c.yaml.path));
    if (column) columns.add(column.name);
    else if (edit.op === 'append' && entry && startsWith(edit.path, entry.columnsPath) && edit.path.length === entry.columnsPath.length) {
      const name = (edit.value as { name?: unknown }).name;
      if (typeof name === 'string') columns.add(name);
    }
  }
  return { node: doc.node.uniqueId, columns: [...columns], description, newEntry: false };
}

/**
 * Versions of a versioned model share the top-level columns, so two versions can ask for the
 * same edit; keep one of each.
 */
function dedupeEdits(edits: YamlEdit[]): YamlEdit[] {
  const seen = new Set<string>();
  return edits.filter((edit) => {
    const key = JSON.stringify(edit);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
