/** `--show-config` says where each value came from, for every layer of the options table. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanTemps, copyExample, runCli } from '../helpers/run-cli.js';

const dirs: string[] = [];
afterEach(() => {
  cleanTemps();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function elsewhere(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'osmosis-elsewhere-'));
  dirs.push(dir);
  return dir;
}

const line = (out: string, name: string) => out.split('\n').find((l) => l.startsWith(`${name}:`));

describe('--show-config origins', () => {
  it('DBT_PROJECT_DIR is reported as env, --project-dir as flag, the upward search as default', async () => {
    const project = copyExample();
    const fromEnv = await runCli(['yaml', 'document', '--show-config'], { cwd: elsewhere(), env: { DBT_PROJECT_DIR: project } });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(line(fromEnv.stdout, '--project-dir')).toMatch(new RegExp(`^--project-dir: "${project.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" +# env DBT_PROJECT_DIR$`));

    const fromFlag = await runCli(['yaml', 'document', '--show-config', '--project-dir', project], { cwd: elsewhere(), env: { DBT_PROJECT_DIR: '/nowhere' } });
    expect(line(fromFlag.stdout, '--project-dir')).toMatch(/# flag --project-dir$/);

    const found = await runCli(['yaml', 'document', '--show-config'], { cwd: path.join(project, 'models') });
    expect(line(found.stdout, '--project-dir')).toMatch(/# default$/);
    expect(line(found.stdout, '--project-dir')).toContain(JSON.stringify(project));
  });

  it('each layer of a setting: flag, env, dbt_project.yml and default', async () => {
    const project = copyExample();
    const run = await runCli(
      ['yaml', 'document', '--show-config', '--synthesize', '--llm-max-cost', '3', '--vars', '{dbt-osmosis: {llm: {concurrency: 2}, skip_add_tags: true}}'],
      { cwd: project, env: { LLM_PROVIDER: 'ollama', DBT_TARGET_PATH: 'custom-target' } },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(line(run.stdout, '--llm-max-cost / vars.dbt-osmosis.llm.max_cost')).toMatch(/: 3 +# flag --llm-max-cost$/);
    expect(line(run.stdout, '--llm-provider / vars.dbt-osmosis.llm.provider')).toMatch(/: "ollama" +# env LLM_PROVIDER$/);
    expect(line(run.stdout, '--target-path')).toMatch(/custom-target" +# env DBT_TARGET_PATH$/);
    expect(line(run.stdout, '--llm-concurrency / vars.dbt-osmosis.llm.concurrency')).toMatch(/: 2 +# dbt_project\.yml vars\.dbt-osmosis\.llm\.concurrency$/);
    expect(line(run.stdout, '--skip-add-tags / vars.dbt-osmosis.skip_add_tags')).toMatch(/: true +# dbt_project\.yml vars\.dbt-osmosis\.skip_add_tags$/);
    expect(line(run.stdout, '--llm-timeout / vars.dbt-osmosis.llm.timeout')).toMatch(/: 120 +# default$/);
    expect(line(run.stdout, '--select')).toMatch(/: \[\] +# default$/);
  });
});
