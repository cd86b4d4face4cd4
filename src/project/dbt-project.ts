import { parse as parseYaml } from 'yaml';
import { InputError } from '../errors.js';

/** What osmosis-ts reads from a `dbt_project.yml`. */
export interface DbtProjectFile {
  name: string;
  modelPaths: string[];
  seedPaths: string[];
  snapshotPaths: string[];
  targetPath: string;
  packagesInstallPath: string;
  vars: Record<string, unknown>;
  /** The `models:` config tree (for `+dbt-osmosis` routing rules). */
  modelsConfig: Record<string, unknown>;
  seedsConfig: Record<string, unknown>;
  snapshotsConfig: Record<string, unknown>;
}

function stringList(value: unknown, fallback: string[]): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return fallback;
}

function objectOr(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Parses `dbt_project.yml` text. `file` names it in errors. */
export function parseDbtProject(text: string, file: string): DbtProjectFile {
  let data: unknown;
  try {
    data = parseYaml(text, { uniqueKeys: true });
  } catch (err) {
    throw new InputError('dbt-project', `${file}: not valid YAML: ${err instanceof Error ? err.message : String(err)}`, { file });
  }
  const root = objectOr(data);
  const name = root['name'];
  if (typeof name !== 'string' || name === '') {
    throw new InputError('dbt-project', `${file}: key 'name' is missing or not a string; a dbt project needs a name.`, { file });
  }
  return {
    name,
    modelPaths: stringList(root['model-paths'] ?? root['source-paths'], ['models']),
    seedPaths: stringList(root['seed-paths'] ?? root['data-paths'], ['seeds']),
    snapshotPaths: stringList(root['snapshot-paths'], ['snapshots']),
    targetPath: typeof root['target-path'] === 'string' ? root['target-path'] : 'target',
    packagesInstallPath:
      typeof root['packages-install-path'] === 'string' ? root['packages-install-path'] : 'dbt_packages',
    vars: objectOr(root['vars']),
    modelsConfig: objectOr(root['models']),
    seedsConfig: objectOr(root['seeds']),
    snapshotsConfig: objectOr(root['snapshots']),
  };
}
