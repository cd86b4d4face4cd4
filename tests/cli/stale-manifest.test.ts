import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanTemps, copyExample, runCli } from '../helpers/run-cli.js';

afterEach(cleanTemps);

describe('a stale manifest', () => {
  it('warns when model SQL is newer than the manifest or missing from it', async () => {
    const dir = copyExample();
    const old = new Date(Date.now() - 3600_000);
    utimesSync(path.join(dir, 'target/manifest.json'), old, old);
    writeFileSync(path.join(dir, 'models/new_model.sql'), 'select 1 as id');
    const run = await runCli(['yaml', 'document', '--check'], { cwd: dir });
    expect(run.stderr).toMatch(/older than .*models\/new_model\.sql/);
    expect(run.stderr).toMatch(/not in target\/manifest\.json \(models\/new_model\.sql\)/);
    expect(run.stderr).toContain('--dbt-parse');
  });

  it('--dbt-parse runs the given command first and stops with exit 2 when it fails', async () => {
    const dir = copyExample();
    const ok = await runCli(['yaml', 'document', '--check', '--dbt-parse', 'touch parsed.marker'], { cwd: dir });
    expect(ok.code).toBe(1);
    const failed = await runCli(['yaml', 'document', '--dbt-parse', 'echo cannot parse >&2; exit 3'], { cwd: dir });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('cannot parse');
  });
});
