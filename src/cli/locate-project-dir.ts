import type { RawFlags } from '../config/read-flags.js';
import { resolveProjectDirWithOrigin, type ResolvedProjectDir } from '../config/resolve-config.js';
import { InputError } from '../errors.js';
import { findProjectDir } from '../project/find-project-dir.js';

/**
 * `--project-dir` or `DBT_PROJECT_DIR` when given (with that origin, for `--show-config`);
 * otherwise the nearest folder from the working directory upwards that holds a dbt_project.yml,
 * as dbt and dbt-osmosis find it. Every command finds its project here.
 */
export function locateProjectDir(flags: RawFlags, io: { env: Record<string, string | undefined>; cwd: string; homedir: string }, required = true): ResolvedProjectDir {
  const given = resolveProjectDirWithOrigin(flags, io.env, io.cwd, io.homedir);
  if (given.origin.kind !== 'default') return given;
  const found = findProjectDir(io.cwd);
  if (found !== undefined) return { dir: found, origin: { kind: 'default' } };
  // `llm test` and `cache` only read optional settings from a project: outside one, none apply.
  if (!required) return { dir: io.cwd, origin: { kind: 'default' } };
  throw new InputError(
    'dbt-project',
    `no dbt_project.yml in ${io.cwd} or any folder above it. Run osmosis-ts inside a dbt project, or point --project-dir at the folder that holds dbt_project.yml.`,
    { file: io.cwd },
  );
}
