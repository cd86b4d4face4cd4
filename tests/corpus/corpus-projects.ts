/** The projects of ../shared/corpus, with where each one's writable package and artifacts are. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus');

export interface CorpusProject {
  name: string;
  /** Folder under `<entry>/repo` holding the writable project's dbt_project.yml. */
  projectSubdir: string;
  writable: string;
  /** Package → folder under `<entry>/repo`. */
  packages: Record<string, string>;
  /** Paths relative to `<entry>/repo`. */
  manifest: string;
  catalog?: string;
}

export function corpusProjects(): CorpusProject[] {
  const indexFile = path.join(CORPUS_DIR, 'index.json');
  if (!existsSync(indexFile)) return [];
  const index = JSON.parse(readFileSync(indexFile, 'utf8')) as Array<Record<string, any>>;
  return index.map((e) => {
    const packages = e['packages'] as Record<string, string>;
    // The package under test, not its integration-tests wrapper that produced the manifest.
    const [writable, dir] = Object.entries(packages).find(([name]) => !name.endsWith('_integration_tests')) ?? (Object.entries(packages)[0] as [string, string]);
    const strip = (p: string) => p.split('/').slice(2).join('/');
    return {
      name: e['name'] as string,
      projectSubdir: dir,
      writable,
      packages,
      manifest: strip(e['manifest_path'] as string),
      ...(e['catalog_path'] ? { catalog: strip(e['catalog_path'] as string) } : {}),
    };
  });
}
