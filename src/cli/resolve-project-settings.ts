import { mergeVarsFlag } from '../config/parse-vars-flag.js';
import type { ConfigOrigins } from '../config/origins.js';
import type { RawFlags } from '../config/read-flags.js';
import { resolveDocumentOptionsWithOrigins } from '../config/resolve-config.js';
import type { DocumentOptions } from '../config/types.js';
import type { DbtProjectFile } from '../project/dbt-project.js';
import { readDbtProject } from '../project/read-dbt-project.js';
import { locateProjectDir } from './locate-project-dir.js';

export interface ProjectSettings {
  projectDir: string;
  /** Parsed once here and handed on, so no later step reads dbt_project.yml again. */
  dbtProject: DbtProjectFile | undefined;
  options: DocumentOptions;
  origins: ConfigOrigins;
}

/**
 * What every project command starts with: find the project (once), read its dbt_project.yml
 * (once), and resolve the options table's settings against flags, environment and its vars.
 * `required`: false for commands that also work outside a project (they then use the working directory).
 */
export function resolveProjectSettings(flags: RawFlags, io: { env: Record<string, string | undefined>; cwd: string; homedir: string }, required = true): ProjectSettings {
  const located = locateProjectDir(flags, io, required);
  const dbtProject = readDbtProject(located.dir);
  const { options, origins } = resolveDocumentOptionsWithOrigins({
    flags,
    env: io.env,
    dbtProjectVars: mergeVarsFlag(dbtProject?.vars, flags.vars),
    projectDir: located.dir,
    projectDirOrigin: located.origin,
    homedir: io.homedir,
    cwd: io.cwd,
  });
  return { projectDir: located.dir, dbtProject, options, origins };
}
