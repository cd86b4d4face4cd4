import path from 'node:path';
import type { FileSystemPort } from '../ports.js';
import { listFiles } from './list-files.js';
import type { ProjectFile } from './stale-manifest.js';

/**
 * The files with the given endings (default .sql/.yml/.yaml) under the given model/seed/snapshot
 * folders (relative to the project), with their modification times.
 */
export async function listProjectFiles(
  fs: FileSystemPort,
  projectDir: string,
  modelPaths: string[],
  extensions: readonly string[] = ['.sql', '.yml', '.yaml'],
): Promise<ProjectFile[]> {
  const roots = modelPaths.map((folder) => path.resolve(projectDir, folder));
  const files = listFiles(fs, roots, extensions);
  return Promise.all(files.map(async (file) => ({ path: file, mtimeMs: fs.mtimeMs(file) })));
}
