import { placeholderSet } from '../inheritance/doc-state.js';
import { DEFAULT_PLACEHOLDERS } from '../config/types.js';
import { unifiedDiff } from '../edits/rendered-files.js';
import { loadProject } from '../project/load-project.js';
import { appendJsonLines } from './append-lines.js';
import { applyEnrichment } from './apply-enrichment.js';
import { projectHabitsOf } from '../enrich/enrich-target.js';
import { planApply } from './plan-apply.js';
import { readStore } from './read-store.js';
import type { StorePaths } from './store-paths.js';
import type { ApplyInput, ApplyResult, AuditRecord, Proposal, ReviewStoreOptions } from './types.js';
import { renderEdits, writeRendered } from './write-rendered.js';
import { nodeFileSystem } from '../node-ports.js';

/**
 * Writes approved proposals into the YAML through the byte-stable writer (or, dry, only
 * returns the diff). Runs under the store lock: the store lines it appends (applied / stale)
 * follow the state it read.
 */
export async function applyProposals(options: ReviewStoreOptions, paths: StorePaths, input: ApplyInput, now: string): Promise<ApplyResult> {
  const state = await readStore(paths);
  const wanted = input.ids ? new Set(input.ids) : undefined;
  const approved = state.proposals.filter((p) => p.status === 'approved' && (!wanted || wanted.has(p.id)));
  if (approved.length === 0) return { diff: '', applied: [], stale: [], changedFiles: [] };
  const project = loadProject(options, nodeFileSystem);
  const plan = planApply({
    proposals: approved.filter((p) => !p.enrichment),
    entryOf: (node) => {
      const at = project.entries.get(node);
      if (!at) return undefined;
      const document = project.schemaFiles.get(at.file)?.document;
      return { ...at, ...(document ? { document } : {}) };
    },
    placeholders: placeholderSet(options.placeholders ?? DEFAULT_PLACEHOLDERS),
    force: input.force === true,
    addProgenitorToMeta: options.addProgenitorToMeta === true,
    ...(options.markKey ? { markKey: options.markKey } : {}),
  });
  const rendered = renderEdits(plan.edits, project.schemaFiles);
  // Enrichment goes on top of the descriptions, proposal by proposal (apply-enrichment.ts).
  const enriched = applyEnrichment({
    proposals: approved.filter((p) => p.enrichment),
    entryOf: (node) => project.entries.get(node),
    textOf: (file) => rendered.get(file)?.after ?? project.schemaFiles.get(file)?.text,
    ...(project.manifest.dbtVersion ? { dbtVersion: project.manifest.dbtVersion } : {}),
    projectHabits: projectHabitsOf(project.schemaFiles.values()),
  });
  for (const [file, after] of enriched.texts) rendered.set(file, { before: project.schemaFiles.get(file)?.text ?? '', after, isNew: false });
  plan.applied.push(...enriched.applied);
  plan.stale.push(...enriched.stale);
  const result: ApplyResult = {
    diff: unifiedDiff(rendered),
    applied: plan.applied.map((a) => a.proposal.id),
    stale: plan.stale.map((s) => s.proposal.id),
    staleReasons: Object.fromEntries(plan.stale.map((s) => [s.proposal.id, s.reason])),
    skipped: plan.skipped,
    changedFiles: [...rendered.keys()].sort(),
  };
  if (input.dryRun) return result;
  await writeRendered(project.projectDir, rendered);
  const lines: Proposal[] = [];
  const audit: AuditRecord[] = [];
  for (const { proposal, targets } of plan.applied) {
    lines.push({ ...proposal, status: 'applied', revision: proposal.revision + 1, appliedAt: now, appliedText: proposal.current, appliedTo: targets });
    audit.push({ at: now, actor: input.actor, action: 'apply', id: proposal.id, node: proposal.node, field: proposal.field, before: targets[0]?.before ?? proposal.original, after: proposal.current, note: `written to ${targets.length} place(s): ${targets.map((t) => `${t.node}${t.column ? `.${t.column}` : ''}`).join(', ')}` });
  }
  for (const { proposal, reason } of plan.stale) {
    lines.push({ ...proposal, status: 'stale', revision: proposal.revision + 1, note: reason });
    audit.push({ at: now, actor: input.actor, action: 'stale', id: proposal.id, node: proposal.node, field: proposal.field, before: proposal.status, after: 'stale', note: reason });
  }
  // The YAML is written first: a store line saying "applied" never precedes the text it describes.
  await appendJsonLines(paths.proposals, lines);
  await appendJsonLines(paths.audit, audit);
  return result;
}
