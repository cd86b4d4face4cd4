import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDbtProject, type DbtProjectFile } from './dbt-project.js';

/**
 * The project's dbt_project.yml, read and parsed; undefined when the file is absent (loading the
 * project reports that with advice). The CLI reads it once per run: its `vars` feed the settings
 * and the same parsed file is handed to `documentProject`.
 */
export function readDbtProject(projectDir: string): DbtProjectFile | undefined {
  const file = path.join(projectDir, 'dbt_project.yml');
  if (!existsSync(file)) return undefined;
  return parseDbtProject(readFileSync(file, 'utf8'), file);
}
