import { existsSync } from 'node:fs';
import path from 'node:path';
import { ReviewError } from './review-error.js';

/** The nearest folder at or above `start` holding dbt_project.yml (review commands run anywhere in a project). */
export function findProjectDir(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, 'dbt_project.yml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new ReviewError('dbt-project', `no dbt_project.yml in ${path.resolve(start)} or any folder above it; run inside a dbt project or pass --project-dir.`);
    }
    dir = parent;
  }
}
