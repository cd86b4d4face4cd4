import { mkdtempSync, promises, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { OsmosisError } from '../../src/errors.js';
import { writeRendered } from '../../src/review/write-rendered.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

test('a file review cannot write is named, with why in words (not the temp file), and the old text stays', async () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'osmosis-write-rendered-')));
  dirs.push(dir);
  writeFileSync(join(dir, 'schema.yml'), 'version: 2\n');
  // As a folder this user may not write to refuses the temp file (the tests may run as root).
  vi.spyOn(promises, 'open').mockRejectedValue(Object.assign(new Error(`EACCES: permission denied, open '${dir}/.schema.yml.0123456789ab.tmp'`), { code: 'EACCES', syscall: 'open' }));
  const error: unknown = await writeRendered(dir, new Map([['schema.yml', { before: 'version: 2\n', after: 'version: 2\nmodels: []\n', isNew: false }]])).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OsmosisError);
  expect((error as OsmosisError).code).toBe('io-eacces');
  expect((error as OsmosisError).message).toBe(
    'could not write schema.yml: permission denied (EACCES): this user cannot write the file or create files in its folder; give it write permission there and run again',
  );
  expect(readFileSync(join(dir, 'schema.yml'), 'utf8')).toBe('version: 2\n');
});
