import { chmodSync, mkdirSync, promises, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import fsModule from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { PathOutsideProjectError } from '../../src/yaml/errors.js';
import { assertAllInsideProject, assertInsideProject, describeWriteError, writeEachFile, writeFileAtomic, writeFilesConcurrently } from '../../src/yaml/write-files.js';
import { nodeFileSystem } from '../../src/node-ports.js';

let dir: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'osmosis-write-')));
});
afterEach(() => {
  // A test may leave a read-only folder behind; give it back its permissions first.
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  test('removes the temp file a killed write left behind', async () => {
    const file = join(dir, 'schema.yml');
    writeFileSync(file, 'old\n');
    writeFileSync(join(dir, '.schema.yml.0123456789ab.tmp'), 'half of a new te');
    writeFileSync(join(dir, '.other.yml.0123456789ab.tmp'), 'not ours to remove');
    await writeFileAtomic(file, 'new\n');
    expect(readdirSync(dir).sort()).toEqual(['.other.yml.0123456789ab.tmp', 'schema.yml']);
  });

  test('a new file in an existing folder also clears a killed write of it', async () => {
    writeFileSync(join(dir, '.schema.yml.0123456789ab.tmp'), 'half of a first te');
    await writeFileAtomic(join(dir, 'schema.yml'), 'new\n');
    expect(readdirSync(dir)).toEqual(['schema.yml']);
    expect(readFileSync(join(dir, 'schema.yml'), 'utf8')).toBe('new\n');
  });

  test('replaces content, keeps the mode, leaves no temp file', async () => {
    const file = join(dir, 'schema.yml');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o640);
    await writeFileAtomic(file, 'new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['schema.yml']);
  });

  test('creates parent directories for a new file', async () => {
    const file = join(dir, 'models', 'staging', '_stg_orders.yml');
    await writeFileAtomic(file, 'version: 2\n');
    expect(readFileSync(file, 'utf8')).toBe('version: 2\n');
  });

  test('a failed write leaves the original intact and no temp file', async () => {
    const file = join(dir, 'schema.yml');
    writeFileSync(file, 'old\n');
    // A directory where the file should be renamed makes the final step fail.
    const blocked = join(dir, 'blocked.yml');
    mkdirSync(blocked);
    writeFileSync(join(blocked, 'keep'), 'x');
    await expect(writeFileAtomic(blocked, 'new\n')).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['blocked.yml', 'schema.yml']);
    expect(readFileSync(file, 'utf8')).toBe('old\n');
  });

  test('a new file gets the mode new files get (umask applied), whole, with no temp left', async () => {
    const file = join(dir, 'models', 'schema.yml');
    mkdirSync(join(dir, 'models'));
    const text = 'version: 2\n'.repeat(10_000);
    await writeFileAtomic(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
    const umask = process.umask();
    expect(statSync(file).mode & 0o777).toBe(0o666 & ~umask);
    expect(statSync(file).nlink).toBe(1);
    expect(readdirSync(join(dir, 'models'))).toEqual(['schema.yml']);
  });

  // The source imports linkSync by name: a spy on the module object reaches it once the named
  // exports are synced with it.
  const spyOnLink = (impl: typeof fsModule.linkSync): { calls: () => number; restore: () => void } => {
    const spy = vi.spyOn(fsModule, 'linkSync').mockImplementation(impl);
    syncBuiltinESMExports();
    return {
      calls: () => spy.mock.calls.length,
      restore: () => {
        spy.mockRestore();
        syncBuiltinESMExports();
      },
    };
  };

  test('a new file where the filesystem refuses hard links is written by rename, synced', async () => {
    const link = spyOnLink(() => {
      throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
    });
    // FileHandle is not exported; its prototype is that of any open handle.
    const probe = await promises.open(join(dir, 'probe'), 'w');
    await probe.close();
    rmSync(join(dir, 'probe'));
    const sync = vi.spyOn(Object.getPrototypeOf(probe) as { sync: () => Promise<void> }, 'sync');
    try {
      const file = join(dir, 'new.yml');
      await writeFileAtomic(file, 'version: 2\n');
      expect(link.calls()).toBe(1);
      expect(sync).toHaveBeenCalledTimes(1);
      expect(readFileSync(file, 'utf8')).toBe('version: 2\n');
      expect(readdirSync(dir)).toEqual(['new.yml']);
    } finally {
      link.restore();
      sync.mockRestore();
    }
  });

  test('a file that appears between the check and the link is not replaced by the link; the general path writes it', async () => {
    const file = join(dir, 'raced.yml');
    const realLink = fsModule.linkSync;
    const link = spyOnLink((from, to) => {
      writeFileSync(file, 'written meanwhile\n');
      realLink(from, to);
    });
    try {
      await writeFileAtomic(file, 'ours\n');
      expect(link.calls()).toBe(1);
      // The link failed (EEXIST); the general path then replaced the file atomically, as it does any file.
      expect(readFileSync(file, 'utf8')).toBe('ours\n');
      expect(readdirSync(dir)).toEqual(['raced.yml']);
    } finally {
      link.restore();
    }
  });

  test('writes through a symlink to its target', async () => {
    const real = join(dir, 'real.yml');
    writeFileSync(real, 'old\n');
    symlinkSync(real, join(dir, 'link.yml'));
    await writeFileAtomic(join(dir, 'link.yml'), 'new\n');
    expect(readFileSync(real, 'utf8')).toBe('new\n');
  });
});

describe('assertInsideProject', () => {
  const outside = async (rel: string): Promise<PathOutsideProjectError> => {
    const error: unknown = await assertInsideProject(nodeFileSystem, join(dir, 'project'), rel).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PathOutsideProjectError);
    return error as PathOutsideProjectError;
  };

  beforeEach(() => {
    mkdirSync(join(dir, 'project', 'models'), { recursive: true });
    mkdirSync(join(dir, 'elsewhere'));
  });

  test('accepts paths inside, existing or not, and returns the absolute path', async () => {
    await expect(assertInsideProject(nodeFileSystem, join(dir, 'project'), 'models/schema.yml')).resolves.toBe(join(dir, 'project', 'models', 'schema.yml'));
    await expect(assertInsideProject(nodeFileSystem, join(dir, 'project'), 'models/new/deeper/_a.yml')).resolves.toBe(join(dir, 'project', 'models', 'new', 'deeper', '_a.yml'));
    await expect(assertInsideProject(nodeFileSystem, join(dir, 'project'), 'models/../models/x.yml')).resolves.toBe(join(dir, 'project', 'models', 'x.yml'));
  });

  test('rejects `..` and absolute paths', async () => {
    const error = await outside('../elsewhere/x.yml');
    expect(error.path).toBe('../elsewhere/x.yml');
    expect(error.message).toContain('outside the project');
    await outside(join(dir, 'elsewhere', 'x.yml'));
  });

  test('rejects a symlink leading out, also for a file not yet created', async () => {
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'project', 'models', 'escape'));
    const error = await outside('models/escape/new/x.yml');
    expect(error.message).toContain('symlink');
    await outside('models/escape');
  });

  test('rejects a dangling symlink', async () => {
    symlinkSync(join(dir, 'nowhere', 'x.yml'), join(dir, 'project', 'models', 'dangling.yml'));
    await outside('models/dangling.yml');
  });
});

describe('assertAllInsideProject', () => {
  beforeEach(() => {
    mkdirSync(join(dir, 'project', 'models'), { recursive: true });
    mkdirSync(join(dir, 'elsewhere'));
  });

  test('accepts many paths inside, existing or not', async () => {
    const paths = Array.from({ length: 50 }, (_, i) => `models/g${i}/_g${i}.yml`);
    await expect(assertAllInsideProject(nodeFileSystem, join(dir, 'project'), paths)).resolves.toBeUndefined();
  });

  test('throws the error of the first failing path in order, whichever check ends first', async () => {
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'project', 'models', 'escape'));
    const paths = [...Array.from({ length: 30 }, (_, i) => `models/ok${i}.yml`), 'models/escape/a.yml', '../elsewhere/b.yml'];
    // The `..` path fails at once, the symlink only after a realpath: the first in order still wins.
    const error: unknown = await assertAllInsideProject(nodeFileSystem, join(dir, 'project'), paths).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PathOutsideProjectError);
    expect((error as PathOutsideProjectError).path).toBe('models/escape/a.yml');
  });
});

describe('writeFilesConcurrently', () => {
  test('writes every file, never more than 16 at once', async () => {
    let inFlight = 0;
    let most = 0;
    const written: string[] = [];
    const files = Array.from({ length: 40 }, (_, i) => [`f${i}`, `t${i}`] as const);
    await writeFilesConcurrently(files, async ([file, text]) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      written.push(`${file}=${text}`);
      inFlight--;
    });
    expect(written.sort()).toEqual(files.map(([f, t]) => `${f}=${t}`).sort());
    expect(most).toBe(16);
  });

  test('starts no new write after a failure, lets started ones finish, and throws the first failure', async () => {
    const started: string[] = [];
    const finished: string[] = [];
    const files = Array.from({ length: 40 }, (_, i) => [`f${i}`, ''] as const);
    const failing = writeFilesConcurrently(files, async ([file]) => {
      started.push(file);
      if (file === 'f0') throw new Error('disk full on f0');
      await new Promise((resolve) => setImmediate(resolve));
      finished.push(file);
    });
    await expect(failing).rejects.toThrow('disk full on f0');
    expect(started).toHaveLength(16);
    expect(finished).toHaveLength(15);
  });
});

describe('writeEachFile', () => {
  test('a failure costs its own item: every other item is written, and the failures come back in item order', async () => {
    const written: string[] = [];
    const items = Array.from({ length: 40 }, (_, i) => `f${i}`);
    const failures = await writeEachFile(items, async (item) => {
      await new Promise((resolve) => setTimeout(resolve, (40 - Number(item.slice(1))) % 7));
      if (item === 'f3' || item === 'f31') throw new Error(`no ${item}`);
      written.push(item);
    });
    expect(failures.map((f) => [f.item, (f.error as Error).message])).toEqual([['f3', 'no f3'], ['f31', 'no f31']]);
    expect(written.sort()).toEqual(items.filter((i) => i !== 'f3' && i !== 'f31').sort());
  });
});

describe('describeWriteError', () => {
  const errno = (code: string, message: string): NodeJS.ErrnoException => Object.assign(new Error(message), { code });

  test('says what is wrong and what to do, not which temp file the write went through', () => {
    expect(describeWriteError(errno('EACCES', "EACCES: permission denied, open '/p/models/.a.yml.0123456789ab.tmp'"))).toBe(
      'permission denied (EACCES): this user cannot write the file or create files in its folder; give it write permission there and run again',
    );
    expect(describeWriteError(errno('ENOSPC', "ENOSPC: no space left on device, write"))).toBe('no space left on the device (ENOSPC); free some and run again');
    expect(describeWriteError(errno('EBUSY', "EBUSY: resource busy or locked, open '/p/models/.a.yml.0123456789ab.tmp'"))).toBe('EBUSY: resource busy or locked');
    expect(describeWriteError(errno('EXDEV', "EXDEV: cross-device link not permitted, link '/p/.a.tmp' -> '/p/a.yml'"))).toBe('EXDEV: cross-device link not permitted');
    expect(describeWriteError(new Error('disk on fire'))).toBe('disk on fire');
  });

  test('a real refusal reads that way (a file in place of the folder)', async () => {
    writeFileSync(join(dir, 'models'), 'a file, not a folder');
    const error: unknown = await writeFileAtomic(join(dir, 'models', 'schema.yml'), 'version: 2\n').then(() => undefined, (e: unknown) => e);
    expect(describeWriteError(error)).toBe('a part of its path is a file where a folder should be (ENOTDIR)');
  });
});
