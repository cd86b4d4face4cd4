/**
 * A `FileSystemPort` held in memory: files by absolute POSIX path, folders implied by the files
 * under them. For tests that run the core without touching the disk.
 */
import path from 'node:path';
import type { DirEntry, FileSystemPort } from '../../src/ports.js';

function notFound(file: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, '${file}'`), { code: 'ENOENT' });
}

export class MemoryFileSystem implements FileSystemPort {
  readonly files = new Map<string, string>();
  readonly mtimes = new Map<string, number>();
  /** Every path written, in order. */
  readonly writes: string[] = [];
  private tick = 1;

  /** `files`: text by path relative to `root`. */
  constructor(root: string, files: ReadonlyMap<string, string> = new Map()) {
    for (const [rel, text] of files) this.put(path.posix.join(root, rel), text);
  }

  /** Adds or replaces a file; each put is one ms later than the last, so mtimes keep the order. */
  put(file: string, text: string): void {
    this.files.set(file, text);
    this.mtimes.set(file, this.tick++);
  }

  private isDir(dir: string): boolean {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    for (const file of this.files.keys()) if (file.startsWith(prefix)) return true;
    return false;
  }

  readText(file: string): string {
    const text = this.files.get(file);
    if (text === undefined) throw notFound(file);
    return text;
  }

  readStart(file: string, maxBytes: number): { text: string; complete: boolean } {
    const bytes = Buffer.from(this.readText(file), 'utf8');
    return { text: bytes.subarray(0, maxBytes).toString('utf8'), complete: bytes.length < maxBytes };
  }

  exists(file: string): boolean {
    return this.files.has(file) || this.isDir(file);
  }

  mtimeMs(file: string): number {
    const mtime = this.mtimes.get(file);
    if (mtime === undefined) throw notFound(file);
    return mtime;
  }

  readDir(dir: string): DirEntry[] {
    if (!this.isDir(dir)) throw notFound(dir);
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    const entries = new Map<string, DirEntry['kind']>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const [name, ...rest] = file.slice(prefix.length).split('/');
      if (name) entries.set(name, rest.length > 0 ? 'directory' : 'file');
    }
    return [...entries].map(([name, kind]) => ({ name, kind }));
  }

  realpath(file: string): Promise<string> {
    return this.exists(file) ? Promise.resolve(file) : Promise.reject(notFound(file));
  }

  lexists(file: string): Promise<boolean> {
    return Promise.resolve(this.exists(file));
  }

  writeAtomic(file: string, text: string): Promise<void> {
    this.put(file, text);
    this.writes.push(file);
    return Promise.resolve();
  }
}
