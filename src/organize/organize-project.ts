import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { LoadProjectOptions } from '../project/load-project.js';
import { loadProject } from '../project/load-project.js';
import { routeSchemaFile, routingTemplate } from '../project/route-schema-file.js';
import { planMoves, type EntryMove, type EntrySkip } from './plan-moves.js';
import { spliceMoves, type FileTexts } from './splice-moves.js';
import type { FileSystemPort } from '../ports.js';

/** What `yaml organize` would do (or did): the moves, the entries left alone, and each file's new text. */
export interface OrganizePlan {
  projectDir: string;
  moves: EntryMove[];
  skipped: EntrySkip[];
  files: FileTexts;
  warnings: string[];
}

/**
 * Plans `osmosis-ts yaml organize`: every model entry of the project whose `+dbt-osmosis` routing
 * rule names another file is cut from its file and appended to that one. Reads, never writes.
 */
export function planOrganize(options: LoadProjectOptions, fs: FileSystemPort): OrganizePlan {
  const project = loadProject(options, fs);
  const { modelsConfig } = project.dbtProject;
  const writable = [...project.manifest.nodes.values()].filter((n) => n.packageName === project.writablePackage);
  const { moves, skipped } = planMoves({
    nodes: writable,
    entries: project.entries,
    route: (node) => (routingTemplate(node, modelsConfig) === undefined ? undefined : routeSchemaFile(node, project.dbtProject, project.schemaFiles.values())),
  });
  // A rule may name a file outside the scanned model paths: read it from disk, so it is appended
  // to, never replaced.
  const read = (file: string): string | undefined => {
    const known = project.schemaFiles.get(file)?.text;
    if (known !== undefined) return known;
    const abs = path.join(project.projectDir, file);
    return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
  };
  const spliced = spliceMoves(moves, read);
  return { projectDir: project.projectDir, moves: spliced.moved, skipped: [...skipped, ...spliced.skipped], files: spliced.files, warnings: project.warnings };
}

/** A unified diff of the plan's files (a deleted file is a diff to /dev/null). */
export function organizeDiff(plan: OrganizePlan): string {
  return [...plan.files.keys()]
    .sort()
    .map((file) => {
      const change = plan.files.get(file);
      if (!change || change.before === change.after) return '';
      const from = change.before === '' ? '/dev/null' : `a/${file}`;
      const to = change.after === null ? '/dev/null' : `b/${file}`;
      return createTwoFilesPatch(from, to, change.before, change.after ?? '', '', '', { context: 3 });
    })
    .join('');
}
