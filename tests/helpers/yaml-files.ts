import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every `.yml`/`.yaml` file under `dir` (recursively), sorted; none when `dir` is absent. */
export function yamlFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}
