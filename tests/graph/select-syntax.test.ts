import { describe, expect, it } from 'vitest';
import { select } from './shop-project.js';

const s = (...selectors: string[]): string[] => select({ select: selectors });

describe('graph operators', () => {
  it('+x adds every ancestor', () => {
    expect(s('+orders')).toEqual([
      'model.shop.int_orders',
      'model.shop.orders',
      'model.shop.stg_customers',
      'model.shop.stg_orders',
      'seed.shop.countries',
      'source.shop.raw.customers',
      'source.shop.raw.orders',
    ]);
  });

  it('n+x adds ancestors up to n edges away, by shortest path', () => {
    expect(s('1+orders')).toEqual(['model.shop.int_orders', 'model.shop.orders', 'model.shop.stg_customers']);
    // stg_customers is 1 from customers (and 2 via orders): raw.customers is at 2
    expect(s('2+customers')).toEqual([
      'model.shop.customers',
      'model.shop.int_orders',
      'model.shop.orders',
      'model.shop.stg_customers',
      'source.shop.raw.customers',
    ]);
    expect(s('0+orders')).toEqual(['model.shop.orders']);
  });

  it('x+ and x+n add descendants', () => {
    expect(s('orders+')).toEqual(['model.shop.customers', 'model.shop.dim_customers.v2', 'model.shop.orders']);
    expect(s('orders+1')).toEqual(['model.shop.customers', 'model.shop.orders']);
    expect(s('source:raw.orders+1')).toEqual(['model.shop.stg_orders', 'snapshot.shop.orders_snapshot', 'source.shop.raw.orders']);
  });

  it('combines both sides', () => {
    expect(s('1+int_orders+1')).toEqual(['model.shop.int_orders', 'model.shop.orders', 'model.shop.stg_orders', 'seed.shop.countries']);
  });

  it('@x adds descendants and all their ancestors', () => {
    expect(s('@int_orders')).toEqual([
      'model.shop.customers',
      'model.shop.dim_customers.v2',
      'model.shop.int_orders',
      'model.shop.orders',
      'model.shop.stg_customers',
      'model.shop.stg_orders',
      'seed.shop.countries',
      'source.shop.raw.customers',
      'source.shop.raw.orders',
    ]);
    expect(s('@util_dates')).toEqual(['model.utils.util_dates']);
  });

  it('applies operators to every node a method matches', () => {
    expect(s('tag:staging+1')).toEqual([
      'model.shop.customers',
      'model.shop.int_orders',
      'model.shop.orders',
      'model.shop.stg_customers',
      'model.shop.stg_orders',
    ]);
    expect(s('+path:models/staging/stg_orders.sql')).toEqual(['model.shop.stg_orders', 'source.shop.raw.orders']);
  });
});

describe('unions, intersections and excludes', () => {
  it('unions space-separated items and separate arguments', () => {
    expect(s('stg_orders stg_customers')).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']);
    expect(s('stg_orders', '  seed.shop.countries countries ')).toEqual(['model.shop.stg_orders', 'seed.shop.countries']);
  });

  it('intersects comma-separated parts, operators applying per part', () => {
    expect(s('tag:staging,config.materialized:view')).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']);
    expect(s('tag:staging,tag:daily')).toEqual(['model.shop.stg_orders']);
    expect(s('+orders,resource_type:source')).toEqual(['source.shop.raw.customers', 'source.shop.raw.orders']);
    expect(s('+orders,resource_type:model,path:models/staging stg_orders')).toEqual([
      'model.shop.stg_customers',
      'model.shop.stg_orders',
    ]);
    expect(s('tag:staging,tag:nightly')).toEqual([]);
  });

  it('removes excluded nodes after graph operators', () => {
    expect(select({ select: ['+orders'], exclude: ['resource_type:source seed.shop.countries countries'] })).toEqual([
      'model.shop.int_orders',
      'model.shop.orders',
      'model.shop.stg_customers',
      'model.shop.stg_orders',
    ]);
    expect(select({ select: ['orders+'], exclude: ['orders'] })).toEqual(['model.shop.customers', 'model.shop.dim_customers.v2']);
  });

  it('excludes from everything when nothing is selected', () => {
    expect(select({ exclude: ['package:this'] })).toEqual(['model.utils.util_dates']);
    expect(select({ exclude: ['@stg_orders', 'package:utils'] })).toEqual(['snapshot.shop.orders_snapshot']);
  });
});

describe('positional selectors', () => {
  it('select nodes whose SQL or YAML file is in a directory, relative to the cwd', () => {
    expect(select({ positional: ['models/marts'] })).toEqual(['model.shop.customers', 'model.shop.dim_customers.v2', 'model.shop.orders']);
    expect(select({ positional: ['marts/'] }, { cwd: '/proj/models' })).toEqual(
      select({ positional: ['models/marts'] }),
    );
    expect(select({ positional: ['.'] }, { cwd: '/proj/seeds' })).toEqual(['seed.shop.countries']);
  });

  it('select the node of a SQL file or the nodes a YAML file documents', () => {
    expect(select({ positional: ['stg_orders.sql'] }, { cwd: '/proj/models/staging' })).toEqual(['model.shop.stg_orders']);
    expect(select({ positional: ['models/staging/_schema.yml'] })).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']);
    expect(select({ positional: ['/proj/models/staging/_sources.yml'] }, { cwd: '/tmp' })).toEqual([
      'source.shop.raw.customers',
      'source.shop.raw.orders',
    ]);
  });

  it('resolves a relative project dir against the cwd', () => {
    expect(select({ positional: ['proj/seeds'] }, { cwd: '/', projectDir: 'proj' })).toEqual(['seed.shop.countries']);
  });

  it('fall back to a node name or fqn when no file matches', () => {
    expect(select({ positional: ['orders'] })).toEqual(['model.shop.orders']);
    expect(select({ positional: ['staging'] })).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']); // fqn folder
    expect(select({ positional: ['staging'] }, { cwd: '/proj/models' })).toEqual([
      'model.shop.stg_customers',
      'model.shop.stg_orders',
      'source.shop.raw.customers',
      'source.shop.raw.orders',
    ]); // a folder under the cwd: a path, so the sources' YAML counts
    expect(select({ positional: ['staging.stg_orders'] })).toEqual(['model.shop.stg_orders']);
    expect(select({ positional: ['stg_*'] })).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']);
    expect(select({ positional: ['../elsewhere/orders.sql'] })).toEqual([]);
  });

  it('add up with --select and lose --exclude', () => {
    expect(select({ positional: ['orders'], select: ['customers'], exclude: ['tag:nightly'] })).toEqual(['model.shop.customers']);
  });
});
