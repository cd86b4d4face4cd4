import { describe, expect, it } from 'vitest';
import { parseDbtProject } from '../../src/project/dbt-project.js';
import { routeSchemaFile } from '../../src/project/route-schema-file.js';
import { readSchemaFile } from '../../src/yaml/read-schema-file.js';
import { makeNode } from '../graph/make-node.js';

const PROJECT = parseDbtProject(
  [
    'name: pkg',
    'seed-paths: [data]',
    'models:',
    '  pkg:',
    '    +dbt-osmosis: "_{model}.yml"',
    'seeds:',
    '  pkg:',
    '    +dbt-osmosis: "/_seeds.yml"',
    '',
  ].join('\n'),
  'dbt_project.yml',
);

describe('routeSchemaFile', () => {
  it("a seed follows the `seeds:` tree's rule; a leading / is relative to the first seed path", () => {
    const seed = makeNode('seed.pkg.raw_orders', { originalFilePath: 'data/raw/raw_orders.csv', fqn: ['pkg', 'raw', 'raw_orders'] });
    expect(routeSchemaFile(seed, PROJECT, [])).toBe('data/_seeds.yml');
  });

  it('a model follows the `models:` tree; a snapshot without a rule follows its folder', () => {
    const model = makeNode('model.pkg.orders', { originalFilePath: 'models/marts/orders.sql', fqn: ['pkg', 'marts', 'orders'] });
    expect(routeSchemaFile(model, PROJECT, [])).toBe('models/marts/_orders.yml');
    const snapshot = makeNode('snapshot.pkg.orders_snapshot', { originalFilePath: 'snapshots/orders_snapshot.sql', fqn: ['pkg', 'orders_snapshot'] });
    const folder = [readSchemaFile('snapshots/snapshots.yml', 'version: 2\nsnapshots:\n  - name: a\n  - name: b\n')];
    expect(routeSchemaFile(snapshot, PROJECT, folder)).toBe('snapshots/snapshots.yml');
  });
});
