import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectFile } from './stale-manifest.js';

const SKIPPED_DIRS = new Set(['target', 'dbt_packages', 'dbt_modules', 'node_modules', 'logs', '.git']);
const EXTENSIONS = new Set(['.sql', '.yml', '.yaml']);

/**
 * The .sql/.yml/.yaml files under the given model/seed/snapshot folders (relative to the project),
 * with their modification times. Iterative, so deep trees cannot overflow the stack; folders that do
 * not exist are skipped.
 */
export async function listProjectFiles(projectDir: string, modelPaths: string[]): Promise<ProjectFile[]> {
  const files: ProjectFile[] = [];
  const seen = new Set<string>();
  const pending = modelPaths.map((folder) => path.resolve(projectDir, folder));
  while (pending.length > 0) {
    const dir = pending.pop();
    if (dir === undefined || seen.has(dir)) continue;
    seen.add(dir);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) pending.push(full);
      } else if (entry.isFile() && EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        files.push({ path: full, mtimeMs: (await stat(full)).mtimeMs });
      }
    }
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
