import { randomBytes } from 'node:crypto';
import { closeSync, constants, promises as fs, linkSync, lstatSync, mkdirSync, openSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FileSystemPort } from '../ports.js';
import { PathOutsideProjectError } from './errors.js';

/**
 * Writes `text` so the file holds either its old or its new content, never a mix: a temp file in
 * the same directory (same filesystem, so the rename is atomic) is written, synced, given the old
 * file's mode and renamed over the target. Parent directories of a new file are created.
 *
 * A file that does not exist yet is linked into place instead (`writeNewFile`): readers still see
 * all of it or nothing, and it is not synced, as no one's words are in it.
 */
export async function writeFileAtomic(absPath: string, text: string): Promise<void> {
  if (lstatSync(absPath, { throwIfNoEntry: false }) === undefined && writeNewFile(absPath, text)) return;
  // Write through a symlink to the file it names, rather than replacing the link with a file.
  const target = await fs.realpath(absPath).catch(() => absPath);
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const mode = await fs.stat(target).then(
    (stat) => stat.mode & 0o7777,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    },
  );
  await removeStaleTemps(dir, path.basename(target));
  const temp = tempPathFor(target);
  const handle = await fs.open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode ?? 0o666);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      // The mode given to open() is filtered by the umask; an existing file's mode is kept exactly.
      if (mode !== undefined) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/**
 * A file that did not exist: its temp file is hard-linked to the target, which creates it whole
 * and never replaces a file that appeared since (false: the caller takes the general path, as it
 * does where the filesystem has no hard links). It is not synced: a new file holds no one's
 * words, so a power cut can at worst leave it empty for the next run to fill. Stale temps of the
 * same name are removed first, as for any write.
 *
 * Synchronous, unlike the general path: a new file waits on no sync, and on a first run's 1,400
 * new files the promise and error objects of the asynchronous calls cost the main thread more
 * than the calls themselves (writing took half the time, and half the CPU, done this way).
 */
function writeNewFile(target: string, text: string): boolean {
  const dir = path.dirname(target);
  removeStaleTempsSync(dir, path.basename(target));
  const temp = tempPathFor(target);
  const open = (): number => openSync(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o666);
  let fd: number;
  try {
    fd = open();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dir, { recursive: true });
    fd = open();
  }
  try {
    try {
      writeFileSync(fd, text, 'utf8');
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(temp, target);
    } catch {
      // The general path writes it (and says why, if it cannot either).
      return false;
    }
    return true;
  } finally {
    unlinkQuietly(temp);
  }
}

function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Files written at once: enough to overlap the syncs' waits, few enough for any file-descriptor limit. */
const WRITE_CONCURRENCY = 16;

/**
 * Runs `task` on the items, up to 16 at a time, in item order; returns the failures in the order
 * they happened. With `stopAfterFailure`, a failure stops new tasks (those started finish).
 */
async function inPool<T>(items: readonly T[], task: (item: T) => Promise<unknown>, stopAfterFailure: boolean): Promise<{ index: number; item: T; error: unknown }[]> {
  const failures: { index: number; item: T; error: unknown }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !(stopAfterFailure && failures.length > 0)) {
      const index = next++;
      const item = items[index]!;
      try {
        await task(item);
      } catch (error) {
        failures.push({ index, item, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, items.length) }, worker));
  return failures;
}

/**
 * Writes each file with `write` (an atomic write), up to 16 at a time: each write waits on its
 * sync, and one after another they left a 1,400-file run idle for seconds. An item is whatever
 * `write` needs (a path and a text, or a path whose text is rendered when its turn comes). The
 * first failure stops new writes; those already started finish, then it is thrown, as a
 * one-by-one loop would.
 */
export async function writeFilesConcurrently<T>(items: readonly T[], write: (item: T) => Promise<void>): Promise<void> {
  const [first] = await inPool(items, write, true);
  if (first) throw first.error;
}

/**
 * Writes every item with `write`, up to 16 at a time, as `writeFilesConcurrently` does, but a
 * failure costs its own item only: the others are still written. Returns the failures in item
 * order (empty when all were written).
 */
export async function writeEachFile<T>(items: readonly T[], write: (item: T) => Promise<void>): Promise<{ item: T; error: unknown }[]> {
  const failures = await inPool(items, write, false);
  return failures.sort((a, b) => a.index - b.index).map(({ item, error }) => ({ item, error }));
}

/**
 * Why a file could not be written, in words, with what to do where there is something: the
 * system's message names the temp file the write went through, not the file a person knows.
 */
export function describeWriteError(error: unknown): string {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code}): this user cannot write the file or create files in its folder; give it write permission there and run again`;
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    case 'ENOSPC':
      return 'no space left on the device (ENOSPC); free some and run again';
    case 'EDQUOT':
      return 'the disk quota is used up (EDQUOT)';
    case 'ENOTDIR':
      return 'a part of its path is a file where a folder should be (ENOTDIR)';
    case 'EISDIR':
      return 'a folder has its name (EISDIR)';
    case 'ENAMETOOLONG':
      return 'its path is too long for the file system (ENAMETOOLONG)';
    default: {
      const message = error instanceof Error ? error.message : String(error);
      // "EBUSY: resource busy or locked, open '/p/.x.yml.0123456789ab.tmp'": the words, not the temp path.
      return code ? message.replace(/, \w+ '[^']*'(?: -> '[^']*')?$/, '') : message;
    }
  }
}

/**
 * A run killed between writing a temp file and renaming it leaves the temp file behind; the next
 * write of the same file removes it.
 */
async function removeStaleTemps(dir: string, base: string): Promise<void> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  await Promise.all(staleTemps(names, base).map((n) => fs.rm(path.join(dir, n), { force: true })));
}

function removeStaleTempsSync(dir: string, base: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of staleTemps(names, base)) unlinkQuietly(path.join(dir, n));
}

/** Removes a file that may already be gone (`rmSync` with `force` would first lstat it). */
function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function staleTemps(names: readonly string[], base: string): string[] {
  const prefix = `.${base}.`;
  return names.filter((n) => n.startsWith(prefix) && /^[0-9a-f]{12}\.tmp$/.test(n.slice(prefix.length)));
}

/**
 * Throws `PathOutsideProjectError` unless `relPath` resolves inside `projectDir`, also after
 * following symlinks: the nearest existing ancestor of the target is resolved with realpath, so a
 * link pointing out of the project (or a `..`) is caught even for files that do not exist yet.
 * Returns the absolute path to write.
 */
export async function assertInsideProject(files: Pick<FileSystemPort, 'realpath' | 'lexists'>, projectDir: string, relPath: string): Promise<string> {
  return checkInside(files, await files.realpath(path.resolve(projectDir)), relPath);
}

/**
 * `assertInsideProject` for every path, the project's own realpath resolved once and up to 16
 * paths checked at a time (one after another, 1,400 new files took 0.3 s of waits). Throws the
 * error of the first path in `relPaths` order that fails, as a loop over them would.
 */
export async function assertAllInsideProject(files: Pick<FileSystemPort, 'realpath' | 'lexists'>, projectDir: string, relPaths: Iterable<string>): Promise<void> {
  const root = await files.realpath(path.resolve(projectDir));
  const failures = await inPool([...relPaths], (relPath) => checkInside(files, root, relPath), false);
  if (failures.length > 0) throw failures.reduce((a, b) => (b.index < a.index ? b : a)).error;
}

async function checkInside(files: Pick<FileSystemPort, 'realpath' | 'lexists'>, root: string, relPath: string): Promise<string> {
  if (path.isAbsolute(relPath)) {
    throw new PathOutsideProjectError(relPath, root, 'the path is absolute; expected a path relative to the project');
  }
  const target = path.resolve(root, relPath);
  if (!isWithin(root, target)) {
    throw new PathOutsideProjectError(relPath, root, `it resolves to ${target}, outside the project`);
  }
  let existing = target;
  let missingTail = '';
  for (;;) {
    // Up to the nearest ancestor that exists (a new file's folder, most often).
    if (!(await files.lexists(existing))) {
      missingTail = missingTail === '' ? path.basename(existing) : path.join(path.basename(existing), missingTail);
      existing = path.dirname(existing);
      continue;
    }
    let real: string;
    try {
      real = await files.realpath(existing);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new PathOutsideProjectError(relPath, root, `${existing} is a symlink to nothing; its target cannot be checked`);
    }
    const resolved = missingTail === '' ? real : path.join(real, missingTail);
    if (!isWithin(root, resolved)) {
      throw new PathOutsideProjectError(relPath, root, `a symlink leads outside the project (to ${resolved})`);
    }
    return target;
  }
}

function isWithin(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}
