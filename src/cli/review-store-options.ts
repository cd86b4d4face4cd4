import path from 'node:path';
import { resolveDocumentOptions } from '../config/resolve-config.js';
import type { RawFlags } from '../config/raw-flags.js';
import type { DocumentOptions } from '../config/types.js';
import { findProjectDir } from '../review/find-project-dir.js';
import type { ReviewStoreOptions } from '../review/types.js';
import type { CliIo } from './cli-io.js';
import { readProjectVars } from './run-document.js';

export interface ReviewSetup {
  projectDir: string;
  /** Resolved as for `yaml document`: selection, placeholders, progenitor, artifacts, the mark key. */
  options: DocumentOptions;
  store: ReviewStoreOptions;
}

/**
 * What every `review` command (and the review page) works on: `--project-dir` (else
 * DBT_PROJECT_DIR, else the nearest folder holding dbt_project.yml, searched upward) and the
 * settings of that project.
 */
export function reviewSetup(flags: RawFlags, io: CliIo): ReviewSetup {
  const explicit = flags.projectDir ?? io.env['DBT_PROJECT_DIR'];
  const projectDir = explicit !== undefined ? path.resolve(io.cwd, explicit) : findProjectDir(io.cwd);
  const options = resolveDocumentOptions({
    flags: { ...flags, projectDir, synthesize: false, llmDryRun: false, dryRun: false, check: false },
    env: io.env,
    dbtProjectVars: readProjectVars(projectDir),
    projectDir,
    homedir: io.homedir,
    cwd: io.cwd,
  });
  const store: ReviewStoreOptions = {
    projectDir,
    ...(options.targetPath ? { targetPath: options.targetPath } : {}),
    ...(options.manifestPath ? { manifestPath: options.manifestPath } : {}),
    ...(options.catalogPath ? { catalogPath: options.catalogPath } : {}),
    placeholders: options.placeholders,
    addProgenitorToMeta: options.addProgenitorToMeta,
    ...(options.synthesisMark ? { markKey: options.synthesisMark } : {}),
  };
  return { projectDir, options, store };
}
