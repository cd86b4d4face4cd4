/**
 * An independent, deliberately naive reading of docs/inheritance.md, used as the oracle of the
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

/**
 * Column lineage written by hand from the compiled SQL of corpus models (docs/lineage.md): each
 * is a rename, a cast or a column carried through CTEs. `from` is the upstream node and column;
 * `transform` the model-level transform. Read off the SQL, not produced by src/.
 */
export interface LineageExpectation {
  project: string;
  node: string;
  column: string;
  from: { node: string; column: string; transform: 'pass' | 'rename' | 'cast' | 'expression' };
}

const jaffle = (model: string, column: string, seed: string, from: string, transform: LineageExpectation['from']['transform']): LineageExpectation => ({
  project: 'osmosis-jaffle-v10',
  node: `model.jaffle_shop_duckdb.${model}`,
  column,
  from: { node: `seed.jaffle_shop_duckdb.${seed}`, column: from, transform },
});
const hubspot = (model: string, column: string, from: string, transform: LineageExpectation['from']['transform']): LineageExpectation => ({
  project: 'fivetran-hubspot-v12',
  node: `model.hubspot.${model}`,
  column,
  from: { node: `model.hubspot.${model}_tmp`, column: from, transform },
});
const thorchain = (model: string, column: string, fromNode: string, from: string): LineageExpectation => ({
  project: 'flipside-thorchain-v6',
  node: `model.thorchain_models.${model}`,
  column,
  from: { node: fromNode, column: from, transform: 'rename' },
});

export const LINEAGE_EXPECTATIONS: readonly LineageExpectation[] = [
  // stg_customers: with source as (select * from raw_customers), renamed as (select id as customer_id, first_name, last_name from source)
  jaffle('stg_customers', 'customer_id', 'raw_customers', 'id', 'rename'),
  jaffle('stg_customers', 'first_name', 'raw_customers', 'first_name', 'pass'),
  jaffle('stg_customers', 'last_name', 'raw_customers', 'last_name', 'pass'),
  // stg_orders: id as order_id, user_id as customer_id, order_date, status (through the same two CTEs)
  jaffle('stg_orders', 'order_id', 'raw_orders', 'id', 'rename'),
  jaffle('stg_orders', 'customer_id', 'raw_orders', 'user_id', 'rename'),
  jaffle('stg_orders', 'order_date', 'raw_orders', 'order_date', 'pass'),
  jaffle('stg_orders', 'status', 'raw_orders', 'status', 'pass'),
  // stg_payments: id as payment_id, order_id, payment_method, amount / 100 as amount
  jaffle('stg_payments', 'payment_id', 'raw_payments', 'id', 'rename'),
  jaffle('stg_payments', 'order_id', 'raw_payments', 'order_id', 'pass'),
  jaffle('stg_payments', 'payment_method', 'raw_payments', 'payment_method', 'pass'),
  jaffle('stg_payments', 'amount', 'raw_payments', 'amount', 'expression'),
  // stg_hubspot__deal_pipeline: base (select * from _tmp) → macro (x as x) → fields (renames and casts) → select *
  hubspot('stg_hubspot__deal_pipeline', 'is_deal_pipeline_deleted', '_fivetran_deleted', 'rename'),
  hubspot('stg_hubspot__deal_pipeline', '_fivetran_synced', '_fivetran_synced', 'cast'),
  hubspot('stg_hubspot__deal_pipeline', 'is_active', 'active', 'rename'),
  hubspot('stg_hubspot__deal_pipeline', 'display_order', 'display_order', 'pass'),
  hubspot('stg_hubspot__deal_pipeline', 'pipeline_label', 'label', 'rename'),
  hubspot('stg_hubspot__deal_pipeline', 'deal_pipeline_id', 'pipeline_id', 'cast'),
  hubspot('stg_hubspot__deal_pipeline', 'deal_pipeline_created_at', 'created_at', 'rename'),
  hubspot('stg_hubspot__deal_pipeline', 'deal_pipeline_updated_at', 'updated_at', 'rename'),
  // stg_hubspot__email_event_sent: same shape; "from" as from_email in the macro CTE
  hubspot('stg_hubspot__email_event_sent', '_fivetran_synced', '_fivetran_synced', 'cast'),
  hubspot('stg_hubspot__email_event_sent', 'bcc_emails', 'bcc', 'rename'),
  hubspot('stg_hubspot__email_event_sent', 'cc_emails', 'cc', 'rename'),
  hubspot('stg_hubspot__email_event_sent', 'from_email', 'from', 'rename'),
  hubspot('stg_hubspot__email_event_sent', 'event_id', 'id', 'rename'),
  hubspot('stg_hubspot__email_event_sent', 'reply_to_email', 'reply_to', 'rename'),
  hubspot('stg_hubspot__email_event_sent', 'email_subject', 'subject', 'rename'),
  // Snowflake: "CURRENT" AS current_flag from a source; pool AS pool_name, node_addr AS node_address from bronze models
  thorchain('bronze__update_node_account_status_events', 'current_flag', 'source.thorchain_models.thorchain_midgard.midgard_update_node_account_status_events', 'current'),
  thorchain('silver__slash_amounts', 'pool_name', 'model.thorchain_models.bronze__slash_amounts', 'pool'),
  thorchain('silver__new_node_events', 'node_address', 'model.thorchain_models.bronze__new_node_events', 'node_addr'),
  thorchain('silver__block_pool_depths', 'pool_name', 'model.thorchain_models.bronze__block_pool_depths', 'pool'),
];
