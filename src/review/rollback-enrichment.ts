import type { EnrichAdded } from '../enrich/enrich-target.js';
import { testIdentity } from '../enrich/test-shapes.js';
import { readSchemaFile } from '../yaml/read-schema-file.js';
import type { YamlEntry, YamlPath } from '../yaml/types.js';
import { enrichmentColumn, locateTarget } from './apply-enrichment.js';
import { removeYamlItems, type ItemRemoval } from './remove-yaml-items.js';
import { removeYamlKeys } from './remove-yaml-keys.js';
import type { Proposal } from './types.js';

export interface EnrichRollbackInput {
  proposal: Proposal;
  entryOf(node: string): { file: string; entry: YamlEntry } | undefined;
  /** The file's text as the rollback has it so far. */
  textOf(file: string): string | undefined;
  dbtVersion?: string;
}

export type EnrichRollback = { file: string; text: string } | { conflict: string };

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function at(values: Readonly<Record<string, unknown>>, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((v, k) => asRecord(v)?.[k], values);
}

/** What apply wrote for this proposal: the meta values, by key. */
function appliedMeta(proposal: Proposal): Record<string, unknown> {
  const value = proposal.enrichment;
  if (value?.kind === 'pii') return { [value.flagKey]: true, [value.categoryKey]: value.category };
  if (value?.kind === 'purpose') return { [value.key]: proposal.appliedText ?? proposal.current };
  return {};
}

const itemKey = (item: unknown): string => testIdentity(item) ?? JSON.stringify(item);

/**
 * Takes out exactly what apply added for one enrichment proposal: its meta keys and its list
 * items, and a `meta`, `tags`, test list or `config` mapping apply created once nothing else is
 * left in it. Only where the YAML still holds every added value; otherwise a conflict, and
 * nothing changes.
 */
export function rollbackEnrichment(input: EnrichRollbackInput): EnrichRollback {
  const { proposal } = input;
  const target = proposal.appliedTo?.[0];
  const added: EnrichAdded | undefined = target?.enrich;
  const value = proposal.enrichment;
  if (!target || !added || !value) return { conflict: 'the store does not say what apply added' };
  const column = enrichmentColumn(value);
  const where = `${proposal.node}${column !== undefined ? `.${column}` : ''}`;
  const entry = input.entryOf(proposal.node);
  const text = entry ? input.textOf(entry.file) : undefined;
  const file = entry && text !== undefined ? readSchemaFile(entry.file, text) : undefined;
  const located = entry && file ? locateTarget(file, entry.entry.path, column, input.dbtVersion) : undefined;
  if (!entry || !file || !located) return { conflict: `${where} is no longer in the YAML` };
  const values = located.values;
  const created = new Set(added.created);
  const keyRemovals: string[] = [];
  const itemRemovals: ItemRemoval[] = [];

  if (added.meta) {
    const meta = asRecord(at(values, added.meta.key)) ?? {};
    const applied = appliedMeta(proposal);
    for (const key of added.meta.added) {
      if (JSON.stringify(meta[key]) !== JSON.stringify(applied[key])) return { conflict: `${where} meta.${key} was changed after apply` };
    }
    const onlyOurs = Object.keys(meta).every((k) => added.meta?.added.includes(k));
    if (onlyOurs && (created.has(added.meta.key) || created.has('config'))) keyRemovals.push(added.meta.key);
    else keyRemovals.push(...added.meta.added.map((k) => `${added.meta?.key}.${k}`));
  }
  for (const list of added.items) {
    const items = at(values, list.key);
    const now = Array.isArray(items) ? items.map(itemKey) : [];
    const indices: number[] = [];
    for (const item of list.added) {
      const index = now.lastIndexOf(itemKey(item));
      if (index < 0 || indices.includes(index)) return { conflict: `${where} ${list.key} no longer holds ${JSON.stringify(item)} (it was changed after apply)` };
      indices.push(index);
    }
    if (indices.length === now.length && (created.has(list.key) || created.has('config'))) keyRemovals.push(list.key);
    else itemRemovals.push({ path: [...located.path, ...list.key.split('.')], indices });
  }
  // A `config` this rollback would leave empty goes too: it held only what apply added (possibly
  // created by an earlier enrichment proposal, already rolled back), and an empty one says nothing.
  const config = asRecord(values['config']);
  if (config && Object.keys(config).length > 0 && Object.keys(config).every((k) => keyRemovals.includes(`config.${k}`))) {
    for (let i = keyRemovals.length - 1; i >= 0; i--) if (keyRemovals[i]?.startsWith('config.')) keyRemovals.splice(i, 1);
    keyRemovals.push('config');
  }
  const paths: YamlPath[] = keyRemovals.map((k) => [...located.path, ...k.split('.')]);
  const withoutItems = removeYamlItems(entry.file, file.text, itemRemovals);
  return { file: entry.file, text: removeYamlKeys(entry.file, withoutItems, paths) };
}
