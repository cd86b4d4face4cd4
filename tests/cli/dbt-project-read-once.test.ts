/** dbt_project.yml is read and parsed once per run: the settings' pass hands its parse to the run. */
import { renameSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { documentProject } from '../../src/document-project.js';
import { readDbtProject } from '../../src/project/read-dbt-project.js';
import { documentOptions } from '../helpers/document-options.js';
import { cleanTemps, copyExample } from '../helpers/run-cli.js';

afterEach(() => cleanTemps());

describe('dbt_project.yml', () => {
  it('parsed by the caller is not read again by documentProject', async () => {
    const project = copyExample();
    const parsed = readDbtProject(project);
    expect(parsed?.name).toBe('jaffle_shop_duckdb');
    // With the file gone, only the parse handed over can make the run work.
    renameSync(path.join(project, 'dbt_project.yml'), path.join(project, 'moved.yml'));
    const options = documentOptions(project, { dryRun: true });
    const report = await documentProject(options, { cwd: project, ...(parsed ? { dbtProject: parsed } : {}) });
    expect(report.nodesConsidered).toBeGreaterThan(0);
    await expect(documentProject(options, { cwd: project })).rejects.toThrow(/dbt_project\.yml: not found/);
  });

  it('is undefined when absent, so loading the project reports it with advice', () => {
    expect(readDbtProject(path.join(copyExample(), 'models'))).toBeUndefined();
  });
});
