import type { DbtNode } from '../project/manifest/types.js';
import type { ColumnDoc, NodeDoc } from '../inheritance/doc-state.js';
import type { EntrySection, SchemaFile, YamlEdit, YamlPath } from '../yaml/types.js';
import { caseHabitOf, effectiveHabit, toCase, type CaseHabit, type LetterCase } from './letter-case.js';
import { addedColumnPositions, isItemOf, sortNewColumns, sortedColumnNames, type ColumnSort, type ColumnSortBy } from './order-columns.js';
import { formatDataType, type DataTypeOptions } from './format-data-type.js';
import { columnEnrichment, columnTestEdits, enrichColumnDoc, entryEnrichEdits, newColumnTests, newEntryEnrichment, type EnrichPlan } from '../enrich/plan-enrichment.js';

/** The edits of one schema file: edits to an existing file, or the entries of a new one. */
export interface FilePlan {
  /** Path relative to the project dir. */
  path: string;
  edits: YamlEdit[];
  /** For a file that does not exist yet: its sections. */
  newSections?: Partial<Record<EntrySection, Record<string, unknown>[]>>;
  /** Column lists of existing entries to reorder once the edits are applied (`--sort-by`). */
  sorts: ColumnSort[];
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

export interface PlanOptions extends DataTypeOptions {
  skipAddColumns: boolean;
  skipAddDataTypes: boolean;
  addProgenitorToMeta: boolean;
  /** `--output-to-lower` / `--output-to-upper`: the case of added column names and types. */
  outputCase?: LetterCase;
  /** `--sort-by`: reorder the columns of written entries; undefined keeps the user's order. */
  sortBy?: ColumnSortBy;
  /** Catalog columns are not added to sources. */
  skipAddSourceColumns?: boolean;
  /** New entries and columns get `description: ""`. */
  scaffoldEmptyConfigs?: boolean;
}

export interface PlanInput {
  docs: Iterable<NodeDoc>;
  /** The parsed schema file at a path relative to the project dir, when it exists. */
  schemaFile(path: string): SchemaFile | undefined;
  /** Where a node without a YAML entry goes (path relative to the project dir). */
  route(node: DbtNode): string;
  /** How the project's writable schema files spell names and types (for files with no columns yet). */
  projectCase: CaseHabit;
  options: PlanOptions;
  /** Nodes that get a new entry even when it would hold only their name (review proposals go there). */
  keepEntries?: ReadonlySet<string>;
  /** `--enrich-apply`: PII meta, tags, tests and purpose written with the rest (src/enrich/). */
  enrich?: EnrichPlan;
}

/** How added columns are spelled in one file. */
interface Spelling {
  habit: CaseHabit;
  forced?: LetterCase;
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
    edits.push({ op: 'set', path: [...yaml.path, 'description'], value: column.description, after: 'name' });
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
  for (const [key, value] of Object.entries(column.inheritedKeys ?? {})) edits.push({ op: 'set', path: [...yaml.path, key], value });
  return edits;
}

/** A new YAML column mapping: name, description, data_type, tags, meta. */
function newColumnValue(column: ColumnDoc, options: PlanOptions, spelling: Spelling): Record<string, unknown> {
  const forced = spelling.forced !== undefined;
  const value: Record<string, unknown> = { name: toCase(column.name, spelling.forced ?? spelling.habit.names, forced) };
  // dbt's own order (and dbt-osmosis's): name, description, data_type.
  if (column.description !== undefined && column.description !== '') value['description'] = column.description;
  else if (options.scaffoldEmptyConfigs) value['description'] = '';
  if (column.dataType && !options.skipAddDataTypes) value['data_type'] = toCase(formatDataType(column.dataType, options), spelling.forced ?? spelling.habit.types, forced);
  if (column.tags.length > 0) value['tags'] = column.tags;
  const meta = metaToWrite(column, options);
  if (Object.keys(meta).length > 0) value['meta'] = meta;
  Object.assign(value, column.inheritedKeys);
  return value;
}

function sectionOf(node: DbtNode): EntrySection {
  return node.resourceType === 'model' ? 'models' : node.resourceType === 'seed' ? 'seeds' : node.resourceType === 'snapshot' ? 'snapshots' : 'sources';
}

function planExistingEntry(doc: NodeDoc, options: PlanOptions, spelling: Spelling, file: SchemaFile | undefined, enrich?: EnrichPlan): { edits: YamlEdit[]; sort?: ColumnSort } {
  const located = doc.entry;
  if (!located) return { edits: [] };
  const { entry } = located;
  const edits: YamlEdit[] = [];
  const enrichment = enrich?.byNode.get(doc.node.uniqueId);
  if (enrich) edits.push(...entryEnrichEdits(entry, enrichment, file, enrich));
  if (doc.description !== undefined && doc.description !== entry.description) {
    // A model version's mapping starts with `v`, not `name`.
    edits.push({ op: 'set', path: [...entry.path, 'description'], value: doc.description, after: entry.version !== undefined ? 'v' : 'name' });
  }
  const positions = addedColumnPositions(doc.columns, entry.columnsPath);
  for (const original of doc.columns) {
    const values = columnEnrichment(enrichment, original.name);
    const column = enrich ? enrichColumnDoc(original, values, enrich.keys, file, enrich.projectHabits) : original;
    if (column.yaml) {
      edits.push(...editsForColumn(column, options));
      if (enrich) edits.push(...columnTestEdits(column, values, file, enrich));
      continue;
    }
    if (!addsColumns(doc, options)) continue;
    const before = positions.get(original);
    const value = { ...newColumnValue(column, options, spelling), ...(enrich ? newColumnTests(values, file, enrich) : {}) };
    edits.push({ op: 'append', path: entry.columnsPath, value, ...(before !== undefined ? { before } : {}) });
  }
  // Only a list that holds two items or more once the edits are applied has an order to change.
  const listed = doc.columns.filter((c) => (c.yaml ? isItemOf(c.yaml.path, entry.columnsPath) : !options.skipAddColumns));
  if (!options.sortBy || listed.length < 2) return { edits };
  return { edits, sort: { path: entry.columnsPath, names: sortedColumnNames(doc.columns, options.sortBy) } };
}

/** Whether catalog columns the YAML lacks are added to this node's entry. */
export function addsColumns(doc: NodeDoc, options: PlanOptions): boolean {
  return !options.skipAddColumns && !(options.skipAddSourceColumns && doc.node.resourceType === 'source');
}

function newEntryValue(doc: NodeDoc, options: PlanOptions, spelling: Spelling, file: SchemaFile | undefined, enrich?: EnrichPlan): Record<string, unknown> {
  const value: Record<string, unknown> = { name: doc.node.name };
  if (doc.description !== undefined && doc.description !== '') value['description'] = doc.description;
  else if (options.scaffoldEmptyConfigs) value['description'] = '';
  const enrichment = enrich?.byNode.get(doc.node.uniqueId);
  if (enrich) Object.assign(value, newEntryEnrichment(enrichment, enrich));
  const order = options.sortBy ? sortedColumnNames(doc.columns, options.sortBy) : undefined;
  const newColumn = (c: ColumnDoc): Record<string, unknown> => {
    if (!enrich) return newColumnValue(c, options, spelling);
    const values = columnEnrichment(enrichment, c.name);
    return { ...newColumnValue(enrichColumnDoc(c, values, enrich.keys), options, spelling), ...newColumnTests(values, file, enrich) };
  };
  const columns = options.skipAddColumns ? [] : sortNewColumns([...doc.columns], order).map(newColumn);
  if (columns.length > 0) value['columns'] = columns;
  return value;
}

/** The file's own habit where it has columns to learn from, else the project's. */
function spellingFor(file: SchemaFile | undefined, input: PlanInput): Spelling {
  const habit = effectiveHabit(file ? caseHabitOf([file]) : {}, input.projectCase);
  return { habit, ...(input.options.outputCase ? { forced: input.options.outputCase } : {}) };
}

/**
 * Turns the documentation state of the nodes to write into edits per schema file. Pure: the
 * writer applies them. Models, seeds and snapshots without a YAML entry get one in their routed
 * file (a source table is always declared in YAML, so it has one).
 */
export function planYamlEdits(input: PlanInput): Map<string, FilePlan> {
  const plans = new Map<string, FilePlan>();
  const planFor = (path: string): FilePlan => {
    let plan = plans.get(path);
    if (!plan) {
      plan = { path, edits: [], sorts: [], changes: [] };
      plans.set(path, plan);
    }
    return plan;
  };
  const spellings = new Map<string, Spelling>();
  const spellingOf = (path: string): Spelling => {
    let spelling = spellings.get(path);
    if (!spelling) spellings.set(path, (spelling = spellingFor(input.schemaFile(path), input)));
    return spelling;
  };
  const newEntries = new Map<string, Map<EntrySection, Record<string, unknown>[]>>();
  // Sorted so that, where versions share a column list, the same version's text wins every run.
  const docs = [...input.docs].sort((a, b) => (a.node.uniqueId < b.node.uniqueId ? -1 : a.node.uniqueId > b.node.uniqueId ? 1 : 0));
  for (const doc of docs) {
    if (doc.entry) {
      const { edits, sort } = planExistingEntry(doc, input.options, spellingOf(doc.entry.file), input.schemaFile(doc.entry.file), input.enrich);
      const plan = edits.length > 0 || sort ? planFor(doc.entry.file) : undefined;
      plan?.edits.push(...edits);
      if (sort) plan?.sorts.push(sort);
      if (edits.length > 0) plan?.changes.push(describeEdits(doc, edits));
      continue;
    }
    if (doc.node.resourceType === 'source') continue;
    const file = input.route(doc.node);
    const value = newEntryValue(doc, input.options, spellingOf(file), input.schemaFile(file), input.enrich);
    // A seed or snapshot entry holding only its name documents nothing, and most projects leave
    // their raw seeds without one; a model gets its entry regardless (it always has, and dbt
    // users expect every model listed).
    if (Object.keys(value).length === 1 && doc.node.resourceType !== 'model' && !input.keepEntries?.has(doc.node.uniqueId)) continue;
    const bySection = newEntries.get(file) ?? new Map<EntrySection, Record<string, unknown>[]>();
    newEntries.set(file, bySection);
    const section = sectionOf(doc.node);
    const values = bySection.get(section);
    if (values) values.push(value);
    else bySection.set(section, [value]);
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
  for (const plan of plans.values()) {
    plan.edits = dedupeEdits(plan.edits);
    plan.sorts = dedupeSorts(plan.sorts);
  }
  return plans;
}

/** What an edit writes to: a key, or a named item of a sequence. */
function editTarget(edit: YamlEdit): string {
  const value = edit.value as { name?: unknown } | null;
  const item = edit.op === 'append' && value && typeof value === 'object' && typeof value.name === 'string' ? value.name.toLowerCase() : undefined;
  return JSON.stringify([edit.op, edit.path, item ?? (edit.op === 'append' ? edit.value : null)]);
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
 * Versions of a versioned model share the top-level columns, so two versions can ask to write
 * the same key or add the same column, possibly with different text (each version is synthesized
 * on its own). The first edit of each target is kept: a second would write a duplicate key.
 */
function dedupeEdits(edits: YamlEdit[]): YamlEdit[] {
  const seen = new Set<string>();
  return edits.filter((edit) => {
    const key = editTarget(edit);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function dedupeSorts(sorts: ColumnSort[]): ColumnSort[] {
  const seen = new Set<string>();
  return sorts.filter((sort) => {
    const key = JSON.stringify(sort.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
