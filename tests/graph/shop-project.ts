import { buildGraph } from '../../src/graph/build-graph.js';
import type { SelectionContext, SelectionSpec } from '../../src/graph/select.js';
import { selectNodes } from '../../src/graph/select.js';
import { nodeMap } from './make-node.js';

/**
 * A small project for selection tests: root package `shop` in /proj, package `utils` in
 * /proj/dbt_packages/utils.
 *   raw.orders ─ stg_orders ─ int_orders ─ orders ─ customers ─ dim_customers v2
 *   countries (seed) ───────┘              ┌┘        │
 *   raw.customers ─ stg_customers ─────────┴─────────┘
 *   raw.orders ─ orders_snapshot;  util_dates (package utils, alone)
 */
export const shopNodes = nodeMap([
  ['source.shop.raw.orders', [], { originalFilePath: 'models/staging/_sources.yml', fqn: ['shop', 'staging', 'raw', 'orders'] }],
  ['source.shop.raw.customers', [], { originalFilePath: 'models/staging/_sources.yml', fqn: ['shop', 'staging', 'raw', 'customers'] }],
  ['seed.shop.countries', [], { originalFilePath: 'seeds/countries.csv', fqn: ['shop', 'countries'] }],
  [
    'model.shop.stg_orders',
    ['source.shop.raw.orders', 'macro.shop.cents'],
    {
      originalFilePath: 'models/staging/stg_orders.sql',
      patchPath: 'shop://models/staging/_schema.yml',
      fqn: ['shop', 'staging', 'stg_orders'],
      tags: ['staging', 'daily'],
      materialized: 'view',
    },
  ],
  [
    'model.shop.stg_customers',
    ['source.shop.raw.customers'],
    {
      originalFilePath: 'models/staging/stg_customers.sql',
      patchPath: 'shop://models/staging/_schema.yml',
      fqn: ['shop', 'staging', 'stg_customers'],
      tags: ['staging'],
      materialized: 'view',
    },
  ],
  [
    'model.shop.int_orders',
    ['model.shop.stg_orders', 'seed.shop.countries'],
    { originalFilePath: 'models/intermediate/int_orders.sql', fqn: ['shop', 'intermediate', 'int_orders'], materialized: 'ephemeral' },
  ],
  [
    'model.shop.orders',
    ['model.shop.int_orders', 'model.shop.stg_customers'],
    {
      originalFilePath: 'models/marts/orders.sql',
      patchPath: 'shop://models/marts/_marts.yml',
      fqn: ['shop', 'marts', 'orders'],
      tags: ['nightly'],
      materialized: 'table',
      meta: { owner: 'ana', tier: 1 },
    },
  ],
  [
    'model.shop.customers',
    ['model.shop.stg_customers', 'model.shop.orders'],
    { originalFilePath: 'models/marts/customers.sql', fqn: ['shop', 'marts', 'customers'], materialized: 'table' },
  ],
  [
    'model.shop.dim_customers.v2',
    ['model.shop.customers'],
    {
      name: 'dim_customers',
      version: '2',
      originalFilePath: 'models/marts/dim_customers_v2.sql',
      fqn: ['shop', 'marts', 'dim_customers', 'v2'],
      materialized: 'table',
    },
  ],
  ['snapshot.shop.orders_snapshot', ['source.shop.raw.orders'], { originalFilePath: 'snapshots/orders_snapshot.sql', fqn: ['shop', 'orders_snapshot'] }],
  ['model.utils.util_dates', [], { originalFilePath: 'models/util_dates.sql', fqn: ['utils', 'util_dates'] }],
]);

export const shopGraph = buildGraph(shopNodes);

export const shopContext: SelectionContext = {
  projectDir: '/proj',
  cwd: '/proj',
  packageDirs: new Map([
    ['shop', ''],
    ['utils', 'dbt_packages/utils'],
  ]),
};

/** Selected ids, sorted, with the `model.shop.` prefix etc. kept for clarity. */
export function select(spec: Partial<SelectionSpec>, ctx: Partial<SelectionContext> = {}): string[] {
  const full: SelectionSpec = { select: [], exclude: [], positional: [], ...spec };
  return [...selectNodes(shopGraph, shopNodes, full, { ...shopContext, ...ctx })].sort();
}
