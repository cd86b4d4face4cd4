import { chmod, open, stat } from 'node:fs/promises';

/** Creates `path` with mode 0600 if missing; tightens it and its WAL files if others can read. */
export async function createPrivateFile(path: string): Promise<void> {
  const handle = await open(path, 'a', 0o600);
  await handle.close();
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    const mode = await stat(file).then(
      (s) => s.mode,
      () => undefined,
    );
    if (mode !== undefined && (mode & 0o077) !== 0) await chmod(file, 0o600);
  }
}

/** Bytes on disk of the database and its -wal and -shm files (missing ones count 0). */
export async function diskBytes(path: string): Promise<number> {
  const sizes = await Promise.all(
    [path, `${path}-wal`, `${path}-shm`].map((file) =>
      stat(file).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  return sizes.reduce((a, b) => a + b, 0);
}
