import type { FileSystemPort } from '../ports.js';
import { listProjectFiles } from './list-project-files.js';
import type { LoadedProject } from './load-project.js';
import { toPosix } from './posix-path.js';
import { checkManifestFreshness } from './stale-manifest.js';

/**
 * Warnings when the manifest is older than the project's SQL or misses models. YAML newer than
 * the manifest is fine: osmosis-ts reads the YAML itself (and writes it, which would make every
 * second run warn).
 */
export async function staleManifestWarnings(project: LoadedProject, fs: FileSystemPort): Promise<string[]> {
  const { dbtProject } = project;
  // Only SQL is checked, so only SQL is listed and stat'ed.
  const files = await listProjectFiles(fs, project.projectDir, [...dbtProject.modelPaths, ...dbtProject.snapshotPaths], ['.sql']);
  const manifestFilePaths = new Set(
    [...project.manifest.nodes.values()].filter((n) => n.packageName === project.writablePackage).map((n) => toPosix(n.originalFilePath)),
  );
  return checkManifestFreshness({
    projectDir: project.projectDir,
    manifestPath: project.manifest.path,
    manifestMtimeMs: fs.mtimeMs(project.manifest.path),
    files,
    manifestFilePaths,
  }).map((w) => w.message);
}

