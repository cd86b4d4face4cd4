import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { ReviewError } from './review-error.js';

/** A lock older than this is left over from a killed process (no action takes this long). */
const STALE_LOCK_MS = 30_000;
const WAIT_LIMIT_MS = 15_000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the lock when its holder is gone or it is older than any action. */
async function clearIfStale(lock: string): Promise<void> {
  const [text, stat] = await Promise.all([fs.readFile(lock, 'utf8').catch(() => ''), fs.stat(lock).catch(() => undefined)]);
  if (!stat) return;
  const pid = Number(/^(\d+)/.exec(text)?.[1]);
  const ownerGone = Number.isInteger(pid) && pid > 0 && !pidAlive(pid);
  if (ownerGone || Date.now() - stat.mtimeMs > STALE_LOCK_MS) await fs.rm(lock, { force: true });
}

/**
 * Runs `work` holding the store's lock file (created O_EXCL), so a read of the latest state and
 * the append that depends on it are one step for every process: a second actor sees the first
 * one's line and its newer revision. Appends themselves need no lock (O_APPEND writes).
 */
export async function withStoreLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  await fs.mkdir(path.dirname(lock), { recursive: true });
  const started = Date.now();
  let delay = 5;
  for (;;) {
    try {
      const handle = await fs.open(lock, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
      await handle.write(`${process.pid} ${new Date().toISOString()}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await clearIfStale(lock);
      if (Date.now() - started > WAIT_LIMIT_MS) {
        throw new ReviewError('review-locked', `${lock}: another osmosis-ts process has held the review store for over ${WAIT_LIMIT_MS / 1000} s. If none is running, delete this file.`, { file: lock });
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 100);
    }
  }
  try {
    return await work();
  } finally {
    await fs.rm(lock, { force: true });
  }
}
