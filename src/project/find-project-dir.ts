import { existsSync } from 'node:fs';
import path from 'node:path';

/** The nearest folder from `start` upwards that holds a dbt_project.yml, as dbt looks for it. */
export function findProjectDir(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, 'dbt_project.yml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
