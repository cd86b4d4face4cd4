import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Every YAML file under `dir` (skipping dot folders and dbt's target), by relative path. */
export function yamlFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'target' || e.name === 'dbt_packages') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.set(path.relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}
