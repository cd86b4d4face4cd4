import path from 'node:path';
import { toPosix, toPosixRelative } from './posix-path.js';

/** A reason to believe target/manifest.json no longer matches the project (returned as data). */
export interface StaleWarning {
  kind: 'files-newer-than-manifest' | 'models-missing-from-manifest';
  message: string;
  /** Project-relative paths concerned (all of them, even when the message names only a few). */
  files: string[];
}

export interface ProjectFile {
  /** Absolute, or relative to the project folder. */
  path: string;
  mtimeMs: number;
}

export interface FreshnessInput {
  projectDir: string;
  manifestPath: string;
  manifestMtimeMs: number;
  /** Model, seed and snapshot .sql/.yml/.yaml files of the writable project. */
  files: ProjectFile[];
  /** `original_file_path` of the project package's nodes in the manifest. */
  manifestFilePaths: Set<string>;
}

const NAMED = 5;
// File systems with coarse timestamps (and `git checkout`) make equal mtimes common: only a clear
// lead counts as "edited after the parse".
const TOLERANCE_MS = 1000;

function relativeToProject(projectDir: string, file: string): string {
  return path.isAbsolute(file) ? toPosixRelative(projectDir, file) : toPosix(file);
}

function nameSome(files: string[]): string {
  const named = files.slice(0, NAMED).join(', ');
  const rest = files.length - NAMED;
  return rest > 0 ? `${named} and ${rest} more` : named;
}

/**
 * Warns when the manifest is older than files it was built from, or lacks models that exist on
 * disk: documenting from it would miss columns or models. Pure; `listProjectFiles` gathers input.
 */
export function checkManifestFreshness(input: FreshnessInput): StaleWarning[] {
  const manifestName = relativeToProject(input.projectDir, input.manifestPath);
  const relative = input.files
    .map((file) => ({ path: relativeToProject(input.projectDir, file.path), mtimeMs: file.mtimeMs }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const warnings: StaleWarning[] = [];

  const newer = relative
    .filter((file) => file.mtimeMs > input.manifestMtimeMs + TOLERANCE_MS)
    .map((file) => file.path);
  if (newer.length > 0) {
    warnings.push({
      kind: 'files-newer-than-manifest',
      files: newer,
      message: `${manifestName} is older than ${newer.length} project file${newer.length === 1 ? '' : 's'} (${nameSome(newer)}): run \`dbt parse\` (or pass --dbt-parse) so the manifest matches the project`,
    });
  }

  const missing = relative
    .filter((file) => file.path.endsWith('.sql') && !input.manifestFilePaths.has(file.path))
    .map((file) => file.path);
  if (missing.length > 0) {
    warnings.push({
      kind: 'models-missing-from-manifest',
      files: missing,
      message: `${missing.length} SQL file${missing.length === 1 ? ' is' : 's are'} not in ${manifestName} (${nameSome(missing)}): run \`dbt parse\` (or pass --dbt-parse); ${missing.length === 1 ? 'it' : 'they'} will not be documented until then`,
    });
  }
  return warnings;
}
