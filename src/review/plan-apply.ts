import { isMap, type Document } from 'yaml';
import { isRealDescription } from '../inheritance/doc-state.js';
import type { YamlColumn, YamlEdit, YamlEntry, YamlPath } from '../yaml/types.js';
import { columnOfField } from './proposal-id.js';
import type { AppliedTarget, Proposal } from './types.js';

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

/** The meta keys apply adds, written where the mapping keeps its meta (as plan-yaml-edits does for columns). */
function metaEdits(target: Located, keys: Record<string, unknown>): YamlEdit[] {
  if (Object.keys(keys).length === 0) return [];
  const column = target.column;
  if (column) {
    const metaPath = [...column.path, ...column.metaKey.split('.')];
    if (column.hasMetaKey) return Object.entries(keys).map(([k, v]) => ({ op: 'set', path: [...metaPath, k], value: v }));
    if (column.metaKey === 'config.meta' && !column.hasConfig) return [{ op: 'set', path: [...column.path, 'config'], value: { meta: keys } }];
    return [{ op: 'set', path: metaPath, value: keys }];
  }
  const doc = target.entry.document;
  const has = (p: YamlPath): boolean => doc !== undefined && isMap(doc.getIn(p, true));
  const metaPath = has([...target.path, 'config', 'meta']) ? [...target.path, 'config', 'meta'] : [...target.path, 'meta'];
  if (has(metaPath)) return Object.entries(keys).map(([k, v]) => ({ op: 'set', path: [...metaPath, k], value: v }));
  return [{ op: 'set', path: metaPath, value: keys }];
}

/**
 * The edits that write each approved proposal into the YAML it targets, and each of the columns
 * that inherit it. Pure. A target a person has written meanwhile (a real text that is not this
 * proposal's) makes the proposal stale instead, unless `force`; a column that inherits it and has
 * its own text is left alone. A target written by an earlier proposal of this apply is not
 * written twice.
 */
export function planApply(input: PlanApplyInput): ApplyPlan {
  const plan: ApplyPlan = { edits: new Map(), applied: [], stale: [] };
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
      if (!located) continue;
      const key = `${c.node}\u0000${c.column ?? ''}`;
      if (claimed.has(key)) continue;
      const personal = isRealDescription(located.description, input.placeholders) && located.description !== proposal.current;
      if (personal && !c.isMain && !input.force) continue;
      claimed.add(key);
      if (located.description !== proposal.current) {
        push(located.file, [{ op: 'set', path: [...located.path, 'description'], value: proposal.current, ...(c.placeBefore ? { before: c.placeBefore } : {}) }]);
      }
      const meta: Record<string, unknown> = {};
      if (input.addProgenitorToMeta && c.column !== undefined) meta['osmosis_progenitor'] = proposal.node;
      if (input.markKey) meta[input.markKey] = { provider: proposal.generation.provider, model: proposal.generation.model, proposal: proposal.id };
      push(located.file, metaEdits(located, meta));
      targets.push({ node: c.node, ...(c.column !== undefined ? { column: c.column } : {}), path: located.file, before: located.description ?? null });
    }
    plan.applied.push({ proposal, targets });
  }
  return plan;
}
