import { columnTarget, enrichTargetEdits, entryTarget, type EnrichTarget, type EnrichValues, type ProjectHabits } from '../enrich/enrich-target.js';
import { applyYamlEdits } from '../yaml/apply-edits.js';
import { readSchemaFile } from '../yaml/read-schema-file.js';
import type { SchemaFile, YamlEntry, YamlPath } from '../yaml/types.js';
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

/**
 * Writes approved enrichment proposals one after the other, each on the text the previous one
 * left (re-read), so that one creating `config` or `data_tests` is seen by the next. What is
 * already in the YAML is not written again: a proposal with nothing left to add is stale.
 */
export function applyEnrichment(input: EnrichApplyInput): EnrichApplyPlan {
  const plan: EnrichApplyPlan = { texts: new Map(), applied: [], stale: [] };
  for (const proposal of input.proposals) {
    const value = proposal.enrichment;
    if (!value) continue;
    const column = enrichmentColumn(value);
    const where = `${proposal.node}${column !== undefined ? `.${column}` : ''}`;
    const at = input.entryOf(proposal.node);
    const text = at ? plan.texts.get(at.file) ?? input.textOf(at.file) : undefined;
    const file = at && text !== undefined ? readSchemaFile(at.file, text) : undefined;
    const target = at && file ? locateTarget(file, at.entry.path, column, input.dbtVersion, input.projectHabits) : undefined;
    if (!at || !file || !target) {
      plan.stale.push({ proposal, reason: `${where} is no longer in the YAML` });
      continue;
    }
    if (value.kind === 'pii' && value.flagKey in target.meta) {
      plan.stale.push({ proposal, reason: `${where} already has meta.${value.flagKey} (a person's value stands)` });
      continue;
    }
    const { edits, added } = enrichTargetEdits(target, valuesOf(value, proposal.current));
    if (edits.length === 0) {
      plan.stale.push({ proposal, reason: `${where} already has this value in the YAML` });
      continue;
    }
    plan.texts.set(at.file, applyYamlEdits(file.text, edits, file.document));
    plan.applied.push({ proposal, targets: [{ node: proposal.node, ...(column !== undefined ? { column } : {}), path: at.file, before: null, enrich: added }] });
  }
  return plan;
}
