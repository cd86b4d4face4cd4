import type { RawFlags } from '../config/raw-flags.js';
import { resolveProjectDir } from '../config/resolve-config.js';
import { InputError } from '../errors.js';
import { findProjectDir } from '../project/find-project-dir.js';

/**
 * `--project-dir` or `DBT_PROJECT_DIR` when given; otherwise the nearest folder from the working
 * directory upwards that holds a dbt_project.yml, as dbt and dbt-osmosis find it.
 */
export function locateProjectDir(flags: RawFlags, io: { env: Record<string, string | undefined>; cwd: string; homedir: string }, required = true): string {
  const explicit = flags.projectDir !== undefined || (io.env['DBT_PROJECT_DIR'] ?? '') !== '';
  if (explicit) return resolveProjectDir(flags, io.env, io.cwd, io.homedir);
  const found = findProjectDir(io.cwd);
  if (found !== undefined) return found;
  // `llm test` and `cache` only read optional settings from a project: outside one, none apply.
  if (!required) return io.cwd;
  throw new InputError(
    'dbt-project',
    `no dbt_project.yml in ${io.cwd} or any folder above it. Run osmosis-ts inside a dbt project, or point --project-dir at the folder that holds dbt_project.yml.`,
    { file: io.cwd },
  );
}
