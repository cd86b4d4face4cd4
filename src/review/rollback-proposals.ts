import { unifiedDiff, type RenderedFiles } from '../edits/rendered-files.js';
import { loadProject } from '../project/load-project.js';
import type { YamlEdit, YamlPath } from '../yaml/types.js';
import { applyYamlEdits } from '../yaml/apply-edits.js';
import { appendJsonLines } from './append-lines.js';
import { readStore } from './read-store.js';
import { removeYamlKeys } from './remove-yaml-keys.js';
import type { StorePaths } from './store-paths.js';
import type { AuditRecord, MetaChange, Proposal, ReviewStoreOptions, RollbackInput, RollbackResult } from './types.js';
import { writeRendered } from './write-rendered.js';
import { ReviewError } from './review-error.js';
import { nodeFileSystem } from '../node-ports.js';
import { rollbackEnrichment, type EnrichRollback } from './rollback-enrichment.js';

interface FileChange {
  sets: YamlEdit[];
  removals: YamlPath[];
}

/** Takes out the meta keys apply wrote: the mapping it created, or the keys it added or overwrote. */
function undoMeta(holder: YamlPath, meta: MetaChange, change: FileChange): void {
  if (meta.created !== undefined) {
    change.removals.push([...holder, ...meta.created.split('.')]);
    return;
  }
  const metaPath = [...holder, ...meta.key.split('.')];
  for (const key of meta.added) change.removals.push([...metaPath, key]);
  for (const [key, value] of Object.entries(meta.replaced)) change.sets.push({ op: 'set', path: [...metaPath, key], value });
}

/** Applied proposals a rollback names: by id, or applied at or after `since`. */
function chosen(proposals: readonly Proposal[], input: RollbackInput): { picked: Proposal[]; conflicts: { id: string; reason: string }[] } {
  const conflicts: { id: string; reason: string }[] = [];
  if (input.ids) {
    const byId = new Map(proposals.map((p) => [p.id, p]));
    const picked: Proposal[] = [];
    for (const id of input.ids) {
      const p = byId.get(id);
      if (!p) conflicts.push({ id, reason: 'no such proposal' });
      else if (p.status !== 'applied') conflicts.push({ id, reason: `it is ${p.status}, not applied` });
      else picked.push(p);
    }
    return { picked, conflicts };
  }
  if (input.since === undefined) throw new ReviewError('review-rollback-args', 'review rollback: name proposal ids or give --since TIMESTAMP.');
  const since = Date.parse(input.since);
  if (Number.isNaN(since)) throw new ReviewError('review-rollback-args', `review rollback --since: '${input.since}' is not a timestamp (expected ISO 8601, e.g. 2026-01-31T12:00:00Z).`);
  return { picked: proposals.filter((p) => p.status === 'applied' && p.appliedAt !== undefined && Date.parse(p.appliedAt) >= since), conflicts };
}

/**
 * Puts back what each applied proposal replaced, only where the YAML still holds exactly the
 * applied text at every place it went; otherwise that proposal is a conflict and nothing of it
 * changes. A description apply added (there was none) is removed again.
 */
export async function rollbackProposals(options: ReviewStoreOptions, paths: StorePaths, input: RollbackInput, now: string): Promise<RollbackResult> {
  const state = await readStore(paths);
  const { picked, conflicts } = chosen(state.proposals, input);
  if (picked.length === 0) return { rolledBack: [], conflicts, changedFiles: [], diff: '' };
  const project = loadProject(options, nodeFileSystem);
  const changes = new Map<string, FileChange>();
  const rolledBack: Proposal[] = [];
  const enrichments: Proposal[] = [];
  for (const proposal of picked) {
    if (proposal.enrichment) {
      enrichments.push(proposal);
      continue;
    }
    const planned: { file: string; holder: YamlPath; before: string | null; meta?: MetaChange }[] = [];
    let conflict: string | undefined;
    for (const target of proposal.appliedTo ?? []) {
      const at = project.entries.get(target.node);
      const holder = target.column === undefined ? at?.entry : at?.entry.columns.find((c) => c.name.toLowerCase() === target.column?.toLowerCase());
      const where = `${target.node}${target.column ? `.${target.column}` : ''}`;
      if (!at || !holder) {
        conflict = `${where} is no longer in the YAML`;
        break;
      }
      if (holder.description !== proposal.appliedText) {
        conflict = `${where} no longer holds the applied text (it was changed after apply)`;
        break;
      }
      planned.push({ file: at.file, holder: holder.path, before: target.before, ...(target.meta ? { meta: target.meta } : {}) });
    }
    if (conflict !== undefined) {
      conflicts.push({ id: proposal.id, reason: conflict });
      continue;
    }
    for (const p of planned) {
      const change = changes.get(p.file) ?? { sets: [], removals: [] };
      changes.set(p.file, change);
      const description = [...p.holder, 'description'];
      if (p.before === null) change.removals.push(description);
      else change.sets.push({ op: 'set', path: description, value: p.before });
      if (p.meta) undoMeta(p.holder, p.meta, change);
    }
    rolledBack.push(proposal);
  }
  const rendered: RenderedFiles = new Map();
  for (const [file, change] of changes) {
    const existing = project.schemaFiles.get(file);
    if (!existing) continue;
    const afterSets = applyYamlEdits(existing.text, change.sets, existing.document);
    const after = removeYamlKeys(file, afterSets, change.removals);
    if (after !== existing.text) rendered.set(file, { before: existing.text, after, isNew: false });
  }
  // Enrichment is taken out after the descriptions, proposal by proposal (rollback-enrichment.ts).
  for (const proposal of enrichments) {
    let result: EnrichRollback;
    try {
      result = rollbackEnrichment({
        proposal,
        entryOf: (node) => project.entries.get(node),
        textOf: (file) => rendered.get(file)?.after ?? project.schemaFiles.get(file)?.text,
        ...(project.manifest.dbtVersion ? { dbtVersion: project.manifest.dbtVersion } : {}),
      });
    } catch (err) {
      if (!(err instanceof ReviewError)) throw err;
      result = { conflict: err.message };
    }
    if ('conflict' in result) {
      conflicts.push({ id: proposal.id, reason: result.conflict });
      continue;
    }
    const before = project.schemaFiles.get(result.file)?.text ?? '';
    rendered.set(result.file, { before, after: result.text, isNew: false });
    rolledBack.push(proposal);
  }
  await writeRendered(project.projectDir, rendered);
  const lines: Proposal[] = rolledBack.map((p) => ({ ...p, status: 'rolled_back', revision: p.revision + 1 }));
  const audit: AuditRecord[] = rolledBack.map((p) => ({ at: now, actor: input.actor, action: 'rollback', id: p.id, node: p.node, field: p.field, before: p.appliedText, after: p.appliedTo?.[0]?.before ?? p.original }));
  await appendJsonLines(paths.proposals, lines);
  await appendJsonLines(paths.audit, audit);
  return { rolledBack: rolledBack.map((p) => p.id), conflicts, changedFiles: [...rendered.keys()].sort(), diff: unifiedDiff(rendered) };
}
