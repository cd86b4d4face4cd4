import type { RawFlags } from '../config/read-flags.js';
import type { DocumentOptions } from '../config/types.js';
import type { ReviewStoreOptions } from '../review/types.js';
import type { CliIo } from './cli-io.js';
import { resolveProjectSettings } from './resolve-project-settings.js';

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
  const { projectDir, options } = resolveProjectSettings({ ...flags, synthesize: false, llmDryRun: false, dryRun: false, check: false }, io);
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
