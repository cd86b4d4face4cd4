import { isMap, type Document } from 'yaml';
import { isRealDescription } from '../inheritance/doc-state.js';
import type { YamlColumn, YamlEdit, YamlEntry, YamlPath } from '../yaml/types.js';
import { columnOfField } from './proposal-id.js';
import type { AppliedTarget, MetaChange, Proposal } from './types.js';

/** A node's YAML entry as the project holds it now. */
export interface EntryAt {
  file: string;
  entry: YamlEntry;
  document?: Document.Parsed;
}

export interface PlanApplyInput {
  proposals: readonly Proposal[];
  entryOf(node: string): EntryAt | undefined;
  placeholders: ReadonlySet<string>;
  force: boolean;
  addProgenitorToMeta: boolean;
  markKey?: string;
}

export interface PlannedApply {
  proposal: Proposal;
  targets: AppliedTarget[];
}

export interface ApplyPlan {
  edits: Map<string, YamlEdit[]>;
  applied: PlannedApply[];
  stale: { proposal: Proposal; reason: string }[];
  /** Inheriting columns an applied proposal did not write, and why. */
  skipped: { id: string; node: string; column: string; reason: string }[];
}

interface Located {
  file: string;
  /** Path of the mapping that holds `description`. */
  path: YamlPath;
  description: string | undefined;
  column?: YamlColumn;
  entry: EntryAt;
}

function locate(entryOf: PlanApplyInput['entryOf'], node: string, column: string | undefined): Located | undefined {
  const at = entryOf(node);
  if (!at) return undefined;
  if (column === undefined) return { file: at.file, path: at.entry.path, description: at.entry.description, entry: at };
  const yaml = at.entry.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
  if (!yaml) return undefined;
  return { file: at.file, path: yaml.path, description: yaml.description, column: yaml, entry: at };
}

/** Where a mapping keeps its meta (`meta` or `config.meta`), and the values it holds now. */
function metaOf(target: Located): { key: 'meta' | 'config.meta'; exists: boolean; hasConfig: boolean; values: Record<string, unknown> } {
  const column = target.column;
  if (column) return { key: column.metaKey, exists: column.hasMetaKey, hasConfig: column.hasConfig, values: column.meta };
  const doc = target.entry.document;
  const at = (p: YamlPath): unknown => doc?.getIn([...target.path, ...p], true);
  const key = isMap(at(['config', 'meta'])) ? 'config.meta' : 'meta';
  const node = at(key.split('.'));
  const values = isMap(node) ? (node.toJSON() as Record<string, unknown>) : {};
  return { key, exists: isMap(node), hasConfig: isMap(at(['config'])), values };
}

/**
 * The meta keys apply adds, written where the mapping keeps its meta (as plan-yaml-edits does for
 * columns), and what rollback needs to take them out again.
 */
function metaEdits(target: Located, keys: Record<string, unknown>): { edits: YamlEdit[]; change?: MetaChange } {
  if (Object.keys(keys).length === 0) return { edits: [] };
  const meta = metaOf(target);
  const metaPath = [...target.path, ...meta.key.split('.')];
  if (meta.exists) {
    const added = Object.keys(keys).filter((k) => !(k in meta.values));
    const replaced = Object.fromEntries(Object.keys(keys).filter((k) => k in meta.values).map((k) => [k, meta.values[k]]));
    return { edits: Object.entries(keys).map(([k, v]) => ({ op: 'set', path: [...metaPath, k], value: v })), change: { key: meta.key, added, replaced } };
  }
  if (meta.key === 'config.meta' && !meta.hasConfig) return { edits: [{ op: 'set', path: [...target.path, 'config'], value: { meta: keys } }], change: { key: meta.key, created: 'config', added: [], replaced: {} } };
  return { edits: [{ op: 'set', path: metaPath, value: keys }], change: { key: meta.key, created: meta.key, added: [], replaced: {} } };
}

/**
 * The edits that write each approved proposal into the YAML it targets, and each of the columns
 * that inherit it. Pure. A target a person has written meanwhile (a real text that is not this
 * proposal's) makes the proposal stale instead, unless `force`; a column that inherits it and has
 * its own text is left alone. A target written by an earlier proposal of this apply is not
 * written twice.
 */
export function planApply(input: PlanApplyInput): ApplyPlan {
  const plan: ApplyPlan = { edits: new Map(), applied: [], stale: [], skipped: [] };
  const claimed = new Set<string>();
  const push = (file: string, edits: YamlEdit[]): void => {
    plan.edits.set(file, [...(plan.edits.get(file) ?? []), ...edits]);
  };
  for (const proposal of input.proposals) {
    const mainColumn = columnOfField(proposal.field);
    const main = locate(input.entryOf, proposal.node, mainColumn);
    if (!main) {
      plan.stale.push({ proposal, reason: `${proposal.node}${mainColumn ? `.${mainColumn}` : ''} is no longer in the YAML` });
      continue;
    }
    const written = isRealDescription(main.description, input.placeholders) && main.description !== proposal.current;
    if (written && !input.force) {
      plan.stale.push({ proposal, reason: 'the YAML has a text a person wrote meanwhile (use --force to replace it)' });
      continue;
    }
    const candidates = [
      { node: proposal.node, column: mainColumn, located: main, isMain: true, placeBefore: proposal.placeBefore },
      ...proposal.inheritedBy.map((t) => ({ node: t.node, column: t.column as string | undefined, located: locate(input.entryOf, t.node, t.column), isMain: false, placeBefore: t.placeBefore })),
    ];
    const targets: AppliedTarget[] = [];
    for (const c of candidates) {
      const located = c.located;
      const skip = (reason: string): void => void plan.skipped.push({ id: proposal.id, node: c.node, column: c.column ?? '', reason });
      if (!located) {
        skip('no longer in the YAML');
        continue;
      }
      const key = `${c.node}\u0000${c.column ?? ''}`;
      if (claimed.has(key)) {
        skip('written by another proposal of this apply');
        continue;
      }
      const personal = isRealDescription(located.description, input.placeholders) && located.description !== proposal.current;
      if (personal && !c.isMain && !input.force) {
        skip('has a text a person wrote (use --force to replace it)');
        continue;
      }
      claimed.add(key);
      if (located.description !== proposal.current) {
        // Where a direct run puts a new description (plan-yaml-edits.ts): after `name`, or `v` in a
        // model version's mapping.
        const after = !located.column && located.entry.entry.version !== undefined ? 'v' : 'name';
        push(located.file, [{ op: 'set', path: [...located.path, 'description'], value: proposal.current, after, ...(c.placeBefore ? { before: c.placeBefore } : {}) }]);
      }
      const meta: Record<string, unknown> = {};
      if (input.addProgenitorToMeta && c.column !== undefined) meta['osmosis_progenitor'] = proposal.node;
      if (input.markKey) meta[input.markKey] = { provider: proposal.generation.provider, model: proposal.generation.model, proposal: proposal.id };
      const marks = metaEdits(located, meta);
      push(located.file, marks.edits);
      targets.push({
        node: c.node,
        ...(c.column !== undefined ? { column: c.column } : {}),
        path: located.file,
        before: located.description ?? null,
        ...(marks.change ? { meta: marks.change } : {}),
      });
    }
    plan.applied.push({ proposal, targets });
  }
  return plan;
}
