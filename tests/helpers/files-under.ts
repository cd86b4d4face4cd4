import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file under `dir` (recursively) whose name matches `name`, sorted; none when `dir` is absent. */
export function filesUnder(dir: string, name: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => name.test(path.basename(f)))
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

/** Every `.yml`/`.yaml` file under `dir` (recursively), sorted; none when `dir` is absent. */
export function yamlFilesUnder(dir: string): string[] {
  return filesUnder(dir, /\.ya?ml$/);
}
