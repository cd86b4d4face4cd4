import path from 'node:path';
import type { DirEntry, FileSystemPort } from '../ports.js';

const SKIPPED_DIRS = new Set(['target', 'dbt_packages', 'dbt_modules', 'node_modules', 'logs', '.git']);

/**
 * Files under `roots` (absolute directories) whose names end in one of `extensions`, as absolute
 * paths in a stable order. Iterative, so deep trees cannot overflow the stack.
 */
export function listFiles(fs: FileSystemPort, roots: readonly string[], extensions: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    if (seen.has(dir)) continue;
    seen.add(dir);
    let entries;
    try {
      entries = fs.readDir(dir);
    } catch {
      continue; // a configured path that does not exist holds no files
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.kind === 'directory' && !SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) subdirs.push(full);
      else if (entry.kind === 'file' && extensions.some((ext) => entry.name.endsWith(ext))) out.push(full);
    }
    for (const sub of subdirs.reverse()) stack.push(sub);
  }
  return out;
}

/**
 * `fs` with each folder's listing read once and kept, for walks of the same folders within one
 * step of a run (a copy is handed out: `listFiles` sorts it). Not for use across writes.
 */
export function keepDirectoryListings(fs: FileSystemPort): FileSystemPort {
  const kept = new Map<string, DirEntry[]>();
  const port: FileSystemPort = Object.create(fs) as FileSystemPort;
  port.readDir = (dir) => {
    let entries = kept.get(dir);
    if (entries === undefined) {
      entries = fs.readDir(dir);
      kept.set(dir, entries);
    }
    return [...entries];
  };
  return port;
}
