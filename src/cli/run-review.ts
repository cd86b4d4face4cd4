import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readFlags, type RawFlags } from '../config/read-flags.js';
import type { DocumentOptions } from '../config/types.js';
import { ConfigError } from '../config/errors.js';
import { selectWritable } from '../inheritance/inherit-project.js';
import { buildGraph } from '../graph/build-graph.js';
import { loadProject } from '../project/load-project.js';
import { compactStore } from '../review/compact-store.js';
import { auditToCsv, historyToJson } from '../review/export-history.js';
import { openReviewStore } from '../review/open-review-store.js';
import { readStore } from '../review/read-store.js';
import { resolveIds } from '../review/resolve-ids.js';
import { resolveReviewer } from '../review/resolve-reviewer.js';
import { ReviewError } from '../review/review-error.js';
import { storePaths } from '../review/store-paths.js';
import { PROPOSAL_STATUSES, type Proposal, type ProposalStatus, type ReviewStore } from '../review/types.js';
import { formatProposalList } from './format-proposals.js';
import type { CliIo } from './cli-io.js';
import { reviewSetup } from './review-store-options.js';
import { paint } from './terminal.js';
import { nodeFileSystem } from '../node-ports.js';

type ReviewFlags = RawFlags & { status?: string; all?: boolean; note?: string; text?: string; force?: boolean; since?: string; out?: string; reviewer?: string };

interface ReviewContext {
  options: DocumentOptions;
  store: ReviewStore;
  flags: ReviewFlags;
  io: CliIo;
}

function statusOf(value: string | undefined): ProposalStatus | undefined {
  if (value === undefined) return undefined;
  if ((PROPOSAL_STATUSES as readonly string[]).includes(value)) return value as ProposalStatus;
  throw new ConfigError(`--status: expected one of ${PROPOSAL_STATUSES.join(', ')}, got '${value}'`);
}

/** Proposals of the nodes `--select` names (all when it is not given). */
function bySelection(ctx: ReviewContext, proposals: Proposal[]): Proposal[] {
  if (!ctx.flags.select || ctx.flags.select.length === 0) return proposals;
  const project = loadProject(ctx.options, nodeFileSystem);
  const selected = selectWritable(project, buildGraph(project.manifest.nodes), ctx.options, ctx.io.cwd);
  return proposals.filter((p) => selected.has(p.node));
}

function warnDiagnostics(ctx: ReviewContext, diagnostics: { file?: string; line: number; message: string }[]): void {
  for (const d of diagnostics) ctx.io.term.err(`${paint(ctx.io.term, 'yellow', 'warning:')} ${d.file ?? '.osmosis/proposals.jsonl'}:${d.line}: ${d.message}\n`);
}

async function list(ctx: ReviewContext): Promise<number> {
  const { proposals, diagnostics } = await ctx.store.list();
  warnDiagnostics(ctx, diagnostics);
  const status = statusOf(ctx.flags.status);
  const shown = bySelection(ctx, proposals.filter((p) => status === undefined || p.status === status));
  if (ctx.flags.format === 'json') ctx.io.term.out(`${JSON.stringify({ proposals: shown, diagnostics }, null, 2)}\n`);
  else if (ctx.flags.format === undefined || ctx.flags.format === 'text') ctx.io.term.out(formatProposalList(shown));
  else throw new ConfigError(`--format: expected 'text' or 'json', got '${ctx.flags.format}'`);
  return 0;
}

async function act(ctx: ReviewContext, action: 'approve' | 'reject' | 'edit', typed: string[], actor: string): Promise<number> {
  const { proposals, diagnostics } = await ctx.store.list();
  warnDiagnostics(ctx, diagnostics);
  let targets: Proposal[];
  if (ctx.flags.all) {
    if (typed.length > 0) throw new ConfigError(`review ${action}: give ids or --all, not both`);
    const status = statusOf(ctx.flags.status) ?? 'pending';
    targets = bySelection(ctx, proposals.filter((p) => p.status === status));
  } else {
    if (typed.length === 0) throw new ConfigError(`review ${action}: name proposal ids (see osmosis-ts review list) or use --all`);
    const ids = resolveIds(typed, proposals);
    const byId = new Map(proposals.map((p) => [p.id, p]));
    targets = ids.map((id) => byId.get(id) as Proposal);
  }
  const result = await ctx.store.act({
    actor,
    action,
    items: targets.map((p) => ({ id: p.id, revision: p.revision })),
    ...(ctx.flags.text !== undefined ? { text: ctx.flags.text } : {}),
    ...(ctx.flags.note !== undefined ? { note: ctx.flags.note } : {}),
  });
  const done = action === 'reject' ? 'rejected' : action === 'edit' ? 'edited and approved' : 'approved';
  ctx.io.term.out(`${result.updated.length} proposal(s) ${done} by ${actor}.\n`);
  for (const c of result.conflicts) ctx.io.term.err(`${paint(ctx.io.term, 'yellow', 'conflict:')} ${c.id.slice(0, 12)}: ${c.reason ?? `now ${c.current.status}`}\n`);
  return result.conflicts.length > 0 ? 1 : 0;
}

async function apply(ctx: ReviewContext, actor: string): Promise<number> {
  if (ctx.flags.check) {
    const { proposals } = await ctx.store.list();
    const waiting = proposals.filter((p) => p.status === 'approved');
    if (waiting.length === 0) {
      ctx.io.term.out('No approved proposal waits to be applied.\n');
      return 0;
    }
    ctx.io.term.out(`${waiting.length} approved proposal(s) are not applied; run osmosis-ts review apply.\n`);
    return 1;
  }
  const dryRun = ctx.flags.dryRun === true;
  const result = await ctx.store.apply({ actor, dryRun, force: ctx.flags.force === true });
  if (dryRun && result.diff) ctx.io.term.out(result.diff);
  const verb = dryRun ? 'would apply' : 'applied';
  ctx.io.term.out(`${result.applied.length} proposal(s) ${verb}; ${result.changedFiles.length} file(s) ${dryRun ? 'would change' : 'changed'}.\n`);
  if (!dryRun) for (const f of result.changedFiles) ctx.io.term.out(`  ${f}\n`);
  for (const s of result.skipped ?? []) ctx.io.term.err(`note: ${s.id.slice(0, 12)}: ${s.node}.${s.column} left alone: ${s.reason}\n`);
  for (const id of result.stale) ctx.io.term.err(`${paint(ctx.io.term, 'yellow', 'stale:')} ${id.slice(0, 12)}: ${result.staleReasons?.[id] ?? 'its target changed'}; not applied\n`);
  return 0;
}

async function rollback(ctx: ReviewContext, typed: string[], actor: string): Promise<number> {
  if (typed.length > 0 && ctx.flags.since !== undefined) throw new ConfigError('review rollback: give ids or --since, not both');
  const ids = typed.length > 0 ? resolveIds(typed, (await ctx.store.list()).proposals) : undefined;
  const result = await ctx.store.rollback({ actor, ...(ids ? { ids } : {}), ...(ctx.flags.since !== undefined ? { since: ctx.flags.since } : {}) });
  if (result.diff) ctx.io.term.out(result.diff);
  ctx.io.term.out(`${result.rolledBack.length} proposal(s) rolled back.\n`);
  for (const c of result.conflicts) ctx.io.term.err(`${paint(ctx.io.term, 'yellow', 'conflict:')} ${c.id.slice(0, 12)}: ${c.reason}; nothing changed there\n`);
  return result.conflicts.length > 0 ? 1 : 0;
}

async function exportHistory(ctx: ReviewContext): Promise<number> {
  const format = ctx.flags.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new ConfigError(`--format: expected 'csv' or 'json', got '${format}'`);
  const state = await readStore(storePaths(ctx.options.projectDir));
  warnDiagnostics(ctx, state.diagnostics);
  const text = format === 'csv' ? auditToCsv(state.audit) : historyToJson((await ctx.store.list()).proposals);
  if (ctx.flags.out === undefined) {
    ctx.io.term.out(text);
    return 0;
  }
  const file = path.resolve(ctx.io.cwd, ctx.flags.out);
  await writeFile(file, text, 'utf8');
  ctx.io.term.err(`wrote ${format === 'csv' ? `${state.audit.length} audit rows` : 'the history'} to ${file}\n`);
  return 0;
}

/** `osmosis-ts review <name>`: resolve the project and the actor, run, print; returns the exit code. */
export async function runReviewCommand(name: string, positional: string[], commanderFlags: Record<string, unknown>, io: CliIo): Promise<number> {
  // The table's settings are checked by readFlags; the review options are this command's own.
  const flags: ReviewFlags = { ...(commanderFlags as Omit<ReviewFlags, keyof RawFlags>), ...readFlags(commanderFlags) };
  const { projectDir, options, store: storeOptions } = reviewSetup(flags, io);
  const store = await openReviewStore(storeOptions);
  const ctx: ReviewContext = { options, store, flags, io };
  const actor = (): Promise<string> => resolveReviewer(flags.reviewer, io.env, projectDir);
  switch (name) {
    case 'list':
      return list(ctx);
    case 'approve':
    case 'reject':
      return act(ctx, name, positional, await actor());
    case 'edit':
      return act(ctx, 'edit', positional, await actor());
    case 'apply':
      return apply(ctx, await actor());
    case 'rollback':
      return rollback(ctx, positional, await actor());
    case 'export':
      return exportHistory(ctx);
    case 'compact': {
      const { before, after } = await compactStore(storePaths(projectDir));
      io.term.out(`.osmosis/proposals.jsonl: ${before} line(s) → ${after} (one per proposal; history kept in .osmosis/audit.jsonl).\n`);
      return 0;
    }
    default:
      throw new ReviewError('review-command', `unknown review command '${name}'`);
  }
}
