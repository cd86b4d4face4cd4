/**
 * An independent, deliberately naive reading of spec/inheritance.md, used as the oracle of the
 * corpus test: plain JSON in, expected descriptions out. It shares no code with src/ on purpose.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readYamlAsDbt } from './read-yaml-as-dbt.js';

type Json = Record<string, any>;
const TYPES = new Set(['model', 'seed', 'snapshot', 'source']);
const PLACEHOLDERS = [
  'pending further documentation', 'no description for this column', 'not documented', 'undefined',
  'tbd', 'tbc', 'todo', 'to do', 'to be documented', 'to be defined', 'to be determined', 'n/a', 'none', 'null', '-', '...',
  'no description', 'missing description',
];

export function isReal(d: unknown): boolean {
  return typeof d === 'string' && d.trim() !== '' && !PLACEHOLDERS.includes(d.trim().toLowerCase());
}

export function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const todo = [dir];
  while (todo.length) {
    const d = todo.pop() as string;
    if (!existsSync(d)) continue;
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) {
        if (!['target', 'dbt_packages', 'dbt_modules', 'logs'].includes(name)) todo.push(full);
      } else if (/\.ya?ml$/.test(name)) out.push(full);
    }
  }
  return out.sort();
}

/** `section|source|name` → column name (lower) → description as written, from a package's YAML. */
export function readYamlDocs(packageDir: string): Map<string, Map<string, { name: string; description?: string }>> {
  const project = parse(readFileSync(path.join(packageDir, 'dbt_project.yml'), 'utf8')) ?? {};
  const roots = [...(project['model-paths'] ?? project['source-paths'] ?? ['models']), ...(project['seed-paths'] ?? project['data-paths'] ?? ['seeds']), ...(project['snapshot-paths'] ?? ['snapshots'])];
  const docs = new Map<string, Map<string, { name: string; description?: string }>>();
  for (const root of roots) {
    for (const file of yamlFilesUnder(path.join(packageDir, root))) {
      const data = readYamlAsDbt(readFileSync(file, 'utf8')) ?? {};
      if (typeof data !== 'object') continue;
      const add = (key: string, cols: any) => {
        const m = new Map<string, { name: string; description?: string }>();
        for (const c of Array.isArray(cols) ? cols : []) {
          if (c && typeof c.name === 'string') m.set(c.name.toLowerCase(), { name: c.name, ...(c.description !== undefined && c.description !== null ? { description: String(c.description) } : {}) });
        }
        if (!docs.has(key)) docs.set(key, m);
      };
      for (const section of ['models', 'seeds', 'snapshots']) {
        for (const e of Array.isArray(data[section]) ? data[section] : []) if (e?.name) add(`${section}||${String(e.name).toLowerCase()}`, e.columns);
      }
      for (const s of Array.isArray(data.sources) ? data.sources : []) {
        for (const t of Array.isArray(s?.tables) ? s.tables : []) if (t?.name) add(`sources|${s.name}|${String(t.name).toLowerCase()}`, t.columns);
      }
    }
  }
  return docs;
}

function keyOf(n: Json): string {
  const section = n.resource_type === 'source' ? 'sources' : `${n.resource_type}s`;
  return `${section}|${n.resource_type === 'source' ? n.source_name : ''}|${String(n.name).toLowerCase()}`;
}

/**
 * Expected description (as written) of every column of the writable package's nodes after
 * inheritance: unique_id → lower column name → description (undefined: stays missing).
 */
export function expectedDescriptions(opts: { manifest: Json; catalog?: Json; packageDirs: Record<string, string>; writable: string }): Map<string, Map<string, string | undefined>> {
  const nodes: Record<string, Json> = {};
  for (const n of [...Object.values(opts.manifest.nodes ?? {}), ...Object.values(opts.manifest.sources ?? {})] as Json[]) {
    if (!TYPES.has(n.resource_type)) continue;
    const enabled = n.config?.enabled;
    if (enabled === false || enabled === 'false' || enabled === 'False') continue;
    nodes[n.unique_id] = n;
  }
  const yamlByPackage: Record<string, ReturnType<typeof readYamlDocs>> = {};
  for (const [pkg, dir] of Object.entries(opts.packageDirs)) if (existsSync(path.join(dir, 'dbt_project.yml'))) yamlByPackage[pkg] = readYamlDocs(dir);

  const cols: Record<string, Map<string, string | undefined>> = {};
  for (const [id, n] of Object.entries(nodes)) {
    const m = new Map<string, string | undefined>();
    const yaml = yamlByPackage[n.package_name]?.get(keyOf(n));
    if (yaml) for (const [k, v] of yaml) m.set(k, v.description);
    else if (n.package_name !== opts.writable) for (const c of Object.values(n.columns ?? {}) as Json[]) m.set(String(c.name).toLowerCase(), c.description ?? '');
    const cat = opts.catalog?.nodes?.[id] ?? opts.catalog?.sources?.[id];
    for (const c of Object.values(cat?.columns ?? {}) as Json[]) if (!m.has(String(c.name).toLowerCase())) m.set(String(c.name).toLowerCase(), undefined);
    cols[id] = m;
  }
  const parents: Record<string, string[]> = {};
  for (const [id, n] of Object.entries(nodes)) parents[id] = [...new Set<string>((n.depends_on?.nodes ?? []).filter((p: string) => nodes[p]))];

  // Parents first: repeatedly take the smallest id whose parents are all done.
  const done = new Set<string>();
  const ids = Object.keys(nodes).sort();
  while (done.size < ids.length) {
    const next = ids.find((id) => !done.has(id) && parents[id]!.every((p) => done.has(p)));
    if (!next) throw new Error('cycle');
    const gens: string[][] = [];
    const seen = new Set([next]);
    let frontier = [next];
    while (frontier.length) {
      const g = [...new Set(frontier.flatMap((f) => parents[f]!))].filter((p) => !seen.has(p)).sort();
      g.forEach((p) => seen.add(p));
      if (g.length) gens.push(g);
      frontier = g;
    }
    for (const [col, d] of cols[next]!) {
      if (isReal(d)) continue;
      let found: string | undefined;
      for (const g of gens) {
        for (const a of g) {
          const up = cols[a]!.get(col);
          if (isReal(up)) {
            found = up;
            break;
          }
        }
        if (found !== undefined) break;
      }
      if (found !== undefined) cols[next]!.set(col, found);
    }
    done.add(next);
  }
  const out = new Map<string, Map<string, string | undefined>>();
  for (const [id, n] of Object.entries(nodes)) if (n.package_name === opts.writable) out.set(id, cols[id]!);
  return out;
}
