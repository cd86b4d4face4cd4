import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const SKIPPED_DIRS = new Set(['target', 'dbt_packages', 'dbt_modules', 'node_modules', 'logs', '.git']);

/**
 * Files under `roots` (absolute directories) whose names end in one of `extensions`, as absolute
 * paths in a stable order. Iterative, so deep trees cannot overflow the stack.
 */
export function listFiles(roots: readonly string[], extensions: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    if (seen.has(dir)) continue;
    seen.add(dir);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // a configured path that does not exist holds no files
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stat = statSync(full);
          isDir = stat.isDirectory();
          isFile = stat.isFile();
        } catch {
          continue; // dangling link
        }
      }
      if (isDir && !SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) subdirs.push(full);
      else if (isFile && extensions.some((ext) => entry.name.endsWith(ext))) out.push(full);
    }
    for (const sub of subdirs.reverse()) stack.push(sub);
  }
  return out;
}
