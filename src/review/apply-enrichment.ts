import { columnTarget, enrichTargetEdits, entryTarget, type EnrichTarget, type EnrichValues, type ProjectHabits } from '../enrich/enrich-target.js';
import { applyYamlEdits } from '../yaml/apply-edits.js';
import { YamlEditError } from '../yaml/errors.js';
import { readSchemaFile } from '../yaml/read-schema-file.js';
import type { SchemaFile, YamlEdit, YamlEntry, YamlPath } from '../yaml/types.js';
import type { AppliedTarget, EnrichmentValue, Proposal } from './types.js';

export interface EnrichApplyInput {
  /** Approved enrichment proposals, in store order. */
  proposals: readonly Proposal[];
  /** Each node's entry as the project was read (file and path). */
  entryOf(node: string): { file: string; entry: YamlEntry } | undefined;
  /** The text of a schema file as apply has it so far (after the description edits). */
  textOf(file: string): string | undefined;
  dbtVersion?: string;
  /** Where the project's columns keep meta and tags, for a file with no habit of its own. */
  projectHabits?: ProjectHabits;
}

export interface EnrichApplyPlan {
  /** New text of every file an enrichment proposal changed. */
  texts: Map<string, string>;
  applied: { proposal: Proposal; targets: AppliedTarget[] }[];
  stale: { proposal: Proposal; reason: string }[];
}

const samePath = (a: YamlPath, b: YamlPath): boolean => a.length === b.length && a.every((step, i) => step === b[i]);

/** The values one proposal adds: the typed value, with a purpose's text as the reviewer left it. */
function valuesOf(value: EnrichmentValue, current: string): EnrichValues {
  switch (value.kind) {
    case 'pii':
      return { meta: { [value.flagKey]: true, [value.categoryKey]: value.category } };
    case 'tags':
      return { tags: value.tags };
    case 'test':
      return { tests: [value.test] };
    case 'purpose':
      return { meta: { [value.key]: current } };
  }
}

/** The column an enrichment value addresses (undefined: the node's entry). */
export function enrichmentColumn(value: EnrichmentValue): string | undefined {
  return value.kind === 'purpose' ? undefined : value.column;
}

/** The entry (or its column) as it is in `file` now, as an enrichment target. */
export function locateTarget(file: SchemaFile, entryPath: YamlPath, column: string | undefined, dbtVersion: string | undefined, project?: ProjectHabits): EnrichTarget | undefined {
  const entry = file.entries.find((e) => samePath(e.path, entryPath));
  if (!entry) return undefined;
  if (column === undefined) return entryTarget(entry.path, file, dbtVersion);
  const yaml = entry.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
  return yaml ? columnTarget(yaml, file, dbtVersion, project) : undefined;
}

/** One proposal's edits against the text of this round, or why it is stale. */
function planOne(proposal: Proposal, value: EnrichmentValue, file: SchemaFile, entryPath: YamlPath, input: EnrichApplyInput): { edits: YamlEdit[]; target: AppliedTarget } | { stale: string } {
  const column = enrichmentColumn(value);
  const where = `${proposal.node}${column !== undefined ? `.${column}` : ''}`;
  const target = locateTarget(file, entryPath, column, input.dbtVersion, input.projectHabits);
  if (!target) return { stale: `${where} is no longer in the YAML` };
  if (value.kind === 'pii' && value.flagKey in target.meta) return { stale: `${where} already has meta.${value.flagKey} (a person's value stands)` };
  const { edits, added } = enrichTargetEdits(target, valuesOf(value, proposal.current));
  if (edits.length === 0) return { stale: `${where} already has this value in the YAML` };
  return { edits, target: { node: proposal.node, ...(column !== undefined ? { column } : {}), path: file.path, before: null, enrich: added } };
}

/**
 * Writes approved enrichment proposals in rounds: each round takes at most one proposal per
 * mapping (a column, or a node's entry) of a file, plans them all against one parse and applies
 * them in one pass; the next round reads the result, so a proposal sees the `config` or
 * `data_tests` an earlier one created. (One parse per proposal took 40 s for 500 proposals on a
 * 500-column file; rounds take as many passes as the busiest mapping has proposals.) What is
 * already in the YAML is not written again: a proposal with nothing left to add is stale.
 */
export function applyEnrichment(input: EnrichApplyInput): EnrichApplyPlan {
  const plan: EnrichApplyPlan = { texts: new Map(), applied: [], stale: [] };
  type Item = { proposal: Proposal; value: EnrichmentValue; entryPath: YamlPath };
  /** file → the mapping written (by its path in the file) → its proposals, in store order. */
  const files = new Map<string, Map<string, Item[]>>();
  const firstParse = new Map<string, SchemaFile>();
  for (const proposal of input.proposals) {
    const value = proposal.enrichment;
    if (!value) continue;
    const column = enrichmentColumn(value);
    const at = input.entryOf(proposal.node);
    const text = at ? input.textOf(at.file) : undefined;
    let file = at ? firstParse.get(at.file) : undefined;
    if (at && !file && text !== undefined) firstParse.set(at.file, (file = readSchemaFile(at.file, text)));
    // Keyed by the mapping's path: versions of a model share their top-level columns.
    const target = at && file ? locateTarget(file, at.entry.path, column, input.dbtVersion) : undefined;
    if (!at || !target) {
      plan.stale.push({ proposal, reason: `${proposal.node}${column !== undefined ? `.${column}` : ''} is no longer in the YAML` });
      continue;
    }
    const queues = files.get(at.file) ?? new Map<string, Item[]>();
    files.set(at.file, queues);
    const key = JSON.stringify(target.path);
    queues.set(key, [...(queues.get(key) ?? []), { proposal, value, entryPath: at.entry.path }]);
  }
  for (const [path, queues] of files) {
    let text = input.textOf(path) as string;
    const rounds = Math.max(...[...queues.values()].map((q) => q.length));
    for (let round = 0; round < rounds; round++) {
      const items = [...queues.values()].flatMap((q) => q[round] ?? []);
      text = applyRound(path, text, items, input, plan);
    }
    if (text !== input.textOf(path)) plan.texts.set(path, text);
  }
  return plan;
}

/**
 * One round: every item planned against one parse, written in one pass. Should the engine refuse
 * the pass (a `tags: x` that is not a list, an anchor shared where an edit goes), the items are
 * written one by one and each refused one is stale with the engine's reason: it costs that
 * proposal, not the apply.
 */
function applyRound(path: string, text: string, items: readonly { proposal: Proposal; value: EnrichmentValue; entryPath: YamlPath }[], input: EnrichApplyInput, plan: EnrichApplyPlan): string {
  const file = readSchemaFile(path, text);
  const planned = items.map((item) => ({ item, result: planOne(item.proposal, item.value, file, item.entryPath, input) }));
  for (const { item, result } of planned) if ('stale' in result) plan.stale.push({ proposal: item.proposal, reason: result.stale });
  const writes = planned.flatMap(({ item, result }) => ('stale' in result ? [] : [{ proposal: item.proposal, ...result }]));
  try {
    const after = applyYamlEdits(file.text, writes.flatMap((w) => w.edits), file.document);
    for (const w of writes) plan.applied.push({ proposal: w.proposal, targets: [w.target] });
    return after;
  } catch (err) {
    if (!(err instanceof YamlEditError) || writes.length === 0) throw err;
  }
  let current = text;
  for (const w of writes) {
    const again = readSchemaFile(path, current);
    const item = items.find((i) => i.proposal === w.proposal) as (typeof items)[number];
    const result = planOne(item.proposal, item.value, again, item.entryPath, input);
    if ('stale' in result) {
      plan.stale.push({ proposal: item.proposal, reason: result.stale });
      continue;
    }
    try {
      current = applyYamlEdits(again.text, result.edits, again.document);
      plan.applied.push({ proposal: item.proposal, targets: [result.target] });
    } catch (err) {
      if (!(err instanceof YamlEditError)) throw err;
      plan.stale.push({ proposal: item.proposal, reason: `${path}: ${err.message}` });
    }
  }
  return current;
}
