import { rm } from 'node:fs/promises';
import path from 'node:path';
import { readFlags } from '../config/read-flags.js';
import { organizeDiff, planOrganize } from '../organize/organize-project.js';
import { assertAllInsideProject, writeFileAtomic } from '../yaml/write-files.js';
import type { CliIo } from './cli-io.js';
import { resolveProjectSettings } from './resolve-project-settings.js';
import { paint } from './terminal.js';
import { nodeFileSystem } from '../node-ports.js';

/** `osmosis-ts yaml organize`: move entries to the files their routing rules name. */
export async function runOrganizeCommand(commanderFlags: Record<string, unknown>, io: CliIo): Promise<number> {
  const flags = readFlags(commanderFlags);
  const dryRun = commanderFlags['dryRun'] === true;
  const check = commanderFlags['check'] === true;
  const { options } = resolveProjectSettings(flags, io, false);
  const plan = planOrganize(options, nodeFileSystem);
  for (const w of plan.warnings) io.term.err(`${paint(io.term, 'yellow', 'warning:')} ${w}\n`);
  for (const s of plan.skipped) io.term.err(`${paint(io.term, 'yellow', 'left in place:')} ${s.nodes.join(', ')} in ${s.file}: ${s.reason}\n`);
  // Every path is checked before anything is written, so a refused path leaves all files as they were.
  await assertAllInsideProject(nodeFileSystem, plan.projectDir, plan.files.keys());
  if (dryRun) io.term.out(organizeDiff(plan));
  for (const m of plan.moves) io.term.out(`${m.name}: ${m.from} → ${m.to}\n`);
  const verb = dryRun || check ? 'would move' : 'moved';
  const left = plan.skipped.length > 0 ? ` ${plan.skipped.length} left in place (see above).` : '';
  if (plan.moves.length > 0) io.term.out(`${plan.moves.length} entr${plan.moves.length === 1 ? 'y' : 'ies'} ${verb}.${left}\n`);
  else io.term.out(left ? `Nothing to move.${left}\n` : 'Every entry is where its routing rule puts it.\n');
  if (dryRun || check) {
    if (check && plan.moves.length > 0) io.term.out('Run `osmosis-ts yaml organize` without --check to move them.\n');
    return check && plan.moves.length > 0 ? 1 : 0;
  }
  // Receiving files first, emptied files last: a run killed halfway leaves an entry in two files
  // (dbt then names both), never in none.
  const targets = new Set(plan.moves.map((m) => m.to));
  const order = [...plan.files.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  function rank(file: string): number {
    return plan.files.get(file)?.after === null ? 2 : targets.has(file) ? 0 : 1;
  }
  for (const file of order) {
    const change = plan.files.get(file);
    if (!change || change.after === change.before) continue;
    const abs = path.join(plan.projectDir, file);
    if (change.after === null) await rm(abs);
    else await writeFileAtomic(abs, change.after);
  }
  return 0;
}
