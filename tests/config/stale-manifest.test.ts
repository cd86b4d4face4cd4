// Lives here because tests/project belongs to another area; move it there when convenient.
import { mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listProjectFiles } from '../../src/project/list-project-files.js';
import { runDbtParse } from '../../src/project/run-dbt-parse.js';
import { checkManifestFreshness } from '../../src/project/stale-manifest.js';
import { nodeFileSystem } from '../../src/node-ports.js';

const base = {
  projectDir: '/proj',
  manifestPath: '/proj/target/manifest.json',
  manifestMtimeMs: 10_000,
};

describe('checkManifestFreshness', () => {
  it('is quiet when the manifest is newer and knows every model', () => {
    const warnings = checkManifestFreshness({
      ...base,
      files: [{ path: '/proj/models/a.sql', mtimeMs: 10_500 }, { path: 'models/a.yml', mtimeMs: 9_000 }],
      manifestFilePaths: new Set(['models/a.sql']),
    });
    expect(warnings).toEqual([]);
  });

  it('names up to five newer files and counts the rest', () => {
    const files = Array.from({ length: 7 }, (_, i) => ({ path: `/proj/models/m${i}.yml`, mtimeMs: 20_000 }));
    const [warning, ...rest] = checkManifestFreshness({ ...base, files, manifestFilePaths: new Set() });
    expect(rest).toEqual([]);
    expect(warning?.kind).toBe('files-newer-than-manifest');
    expect(warning?.files).toHaveLength(7);
    expect(warning?.message).toBe(
      'target/manifest.json is older than 7 project files (models/m0.yml, models/m1.yml, models/m2.yml, models/m3.yml, models/m4.yml and 2 more): run `dbt parse` (or pass --dbt-parse) so the manifest matches the project',
    );
  });

  it('reports SQL files the manifest does not know', () => {
    const warnings = checkManifestFreshness({
      ...base,
      files: [{ path: '/proj/models/new_model.sql', mtimeMs: 1 }, { path: '/proj/models/old.sql', mtimeMs: 1 }],
      manifestFilePaths: new Set(['models/old.sql']),
    });
    expect(warnings).toEqual([
      {
        kind: 'models-missing-from-manifest',
        files: ['models/new_model.sql'],
        message:
          '1 SQL file is not in target/manifest.json (models/new_model.sql): run `dbt parse` (or pass --dbt-parse); it will not be documented until then',
      },
    ]);
  });
});

describe('listProjectFiles and runDbtParse', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('walks model folders for sql and yaml, skipping build folders', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'osmosis-files-'));
    dirs.push(dir);
    for (const file of ['models/a.sql', 'models/sub/b.yaml', 'models/sub/c.yml', 'models/readme.md', 'models/target/x.sql', 'models/dbt_packages/p/y.sql', 'seeds/s.yml', 'target/m.sql']) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), '');
    }
    await utimes(path.join(dir, 'models/a.sql'), 1000, 1000);
    const files = await listProjectFiles(nodeFileSystem, dir, ['models', 'seeds', 'snapshots']);
    expect(files.map((file) => path.relative(dir, file.path)).sort()).toEqual(['models/a.sql', 'models/sub/b.yaml', 'models/sub/c.yml', 'seeds/s.yml']);
    expect(files.find((file) => file.path.endsWith('a.sql'))?.mtimeMs).toBe(1_000_000);
  });

  it('runs the configured command in the project folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'osmosis-parse-'));
    dirs.push(dir);
    const ok = await runDbtParse({ command: 'pwd && echo parsed >&2', projectDir: dir });
    expect(ok.ok).toBe(true);
    expect(ok.output).toContain(dir);
    expect(ok.output).toContain('parsed');
    const failed = await runDbtParse({ command: 'exit 3', projectDir: dir });
    expect(failed.ok).toBe(false);
  });
});
