import { stat } from 'node:fs/promises';
import path from 'node:path';
import { listFiles } from './list-files.js';
import type { ProjectFile } from './stale-manifest.js';

/**
 * The .sql/.yml/.yaml files under the given model/seed/snapshot folders (relative to the project),
 * with their modification times.
 */
export async function listProjectFiles(projectDir: string, modelPaths: string[]): Promise<ProjectFile[]> {
  const roots = modelPaths.map((folder) => path.resolve(projectDir, folder));
  const files = listFiles(roots, ['.sql', '.yml', '.yaml']);
  return Promise.all(files.map(async (file) => ({ path: file, mtimeMs: (await stat(file)).mtimeMs })));
}
