import path from 'node:path';
import type { FileSystemPort } from '../ports.js';
import { parseDbtProject, type DbtProjectFile } from './dbt-project.js';

/** A dbt package whose files could be found on disk. */
export interface PackageLocation {
  name: string;
  /** Absolute directory holding its dbt_project.yml. */
  dir: string;
  project: DbtProjectFile;
}

function readProjectAt(fs: FileSystemPort, dir: string): PackageLocation | undefined {
  const file = path.join(dir, 'dbt_project.yml');
  if (!fs.exists(file)) return undefined;
  try {
    const project = parseDbtProject(fs.readText(file), file);
    return { name: project.name, dir, project };
  } catch {
    // A broken dbt_project.yml of an installed package only costs us its YAML text: the
    // manifest's text is used for its nodes instead.
    return undefined;
  }
}

/**
 * Finds the directories of the packages the manifest mentions: the project itself, the project
 * that produced the manifest (e.g. integration_tests), and packages installed under either's
 * `packages-install-path`. Packages not found are read from the manifest alone.
 */
export function locatePackages(fs: FileSystemPort, root: PackageLocation, manifestPath: string, wanted: ReadonlySet<string>): Map<string, PackageLocation> {
  const found = new Map<string, PackageLocation>([[root.name, root]]);
  const producers = [root];
  const manifestProject = readProjectAt(fs, path.dirname(path.dirname(manifestPath)));
  if (manifestProject && !found.has(manifestProject.name)) {
    found.set(manifestProject.name, manifestProject);
    producers.push(manifestProject);
  }
  for (const producer of producers) {
    for (const installDir of [producer.project.packagesInstallPath, 'dbt_packages', 'dbt_modules']) {
      const base = path.join(producer.dir, installDir);
      if (!fs.exists(base)) continue;
      for (const entry of fs.readDir(base)) {
        if (entry.kind !== 'directory') continue;
        const location = readProjectAt(fs, path.join(base, entry.name));
        if (location && wanted.has(location.name) && !found.has(location.name)) found.set(location.name, location);
      }
    }
  }
  return found;
}
