import { describe, expect, it } from 'vitest';
import { SelectionError } from '../../src/graph/errors.js';
import { select, shopNodes } from './shop-project.js';

const s = (...selectors: string[]): string[] => select({ select: selectors });

describe('selectNodes without selectors', () => {
  it('selects every node', () => {
    expect(select({})).toEqual([...shopNodes.keys()].sort());
  });
});

describe('bare names', () => {
  it('matches a node name', () => {
    expect(s('stg_orders')).toEqual(['model.shop.stg_orders']);
    expect(s('raw')).toEqual([]); // a source name is not a node name
  });

  it('matches name wildcards', () => {
    expect(s('stg_*')).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']);
    expect(s('*orders')).toEqual(['model.shop.int_orders', 'model.shop.orders', 'model.shop.stg_orders']); // never sources, as in dbt
    expect(s('stg_?rders')).toEqual(['model.shop.stg_orders']);
    expect(s('stg_[co]*')).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']);
    expect(s('stg_[!c]*')).toEqual(['model.shop.stg_orders']);
  });

  it('matches dotted fqn prefixes, with or without the package', () => {
    expect(s('staging.stg_orders')).toEqual(['model.shop.stg_orders']);
    expect(s('shop.staging.stg_orders')).toEqual(['model.shop.stg_orders']);
    expect(s('marts')).toEqual(['model.shop.customers', 'model.shop.dim_customers.v2', 'model.shop.orders']);
    expect(s('staging.raw')).toEqual([]); // sources only through source:
    expect(s('utils')).toEqual(['model.utils.util_dates']);
    expect(s('shop.staging.stg_*')).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']);
  });

  it('matches versioned models by name, name_v and name.v', () => {
    expect(s('dim_customers')).toEqual(['model.shop.dim_customers.v2']);
    expect(s('dim_customers_v2')).toEqual(['model.shop.dim_customers.v2']);
    expect(s('dim_customers.v2')).toEqual(['model.shop.dim_customers.v2']);
  });

  it('reads a value with a slash as a path and one with a file extension as a file', () => {
    expect(s('models/marts')).toEqual(['model.shop.customers', 'model.shop.dim_customers.v2', 'model.shop.orders']);
    expect(s('stg_orders.sql')).toEqual(['model.shop.stg_orders']);
    expect(s('_schema.yml')).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']);
  });
});

describe('path:', () => {
  it('matches a directory by prefix, SQL and schema YAML alike', () => {
    expect(s('path:models/staging')).toEqual([
      'model.shop.stg_customers',
      'model.shop.stg_orders',
      'source.shop.raw.customers',
      'source.shop.raw.orders',
    ]);
    expect(s('path:./models/staging/')).toEqual(s('path:models/staging'));
    expect(s('path:models/stag')).toEqual([]); // a prefix of a name is not a directory
  });

  it('matches a file, including the YAML that documents a node', () => {
    expect(s('path:models/staging/stg_orders.sql')).toEqual(['model.shop.stg_orders']);
    expect(s('path:models/marts/_marts.yml')).toEqual(['model.shop.orders']);
    expect(s('path:models/staging/_sources.yml')).toEqual(['source.shop.raw.customers', 'source.shop.raw.orders']);
  });

  it('places package nodes under their package dir', () => {
    expect(s('path:dbt_packages/utils')).toEqual(['model.utils.util_dates']);
    expect(s('path:models/util_dates.sql')).toEqual([]);
  });

  it('accepts globs', () => {
    expect(s('path:models/*/stg_*.sql')).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']);
    expect(s('path:**/orders*.sql')).toEqual(['model.shop.orders', 'snapshot.shop.orders_snapshot']);
    expect(s('path:models/mar*')).toEqual(['model.shop.customers', 'model.shop.dim_customers.v2', 'model.shop.orders']);
  });

  it('takes paths relative to the project dir, not the cwd, and absolute paths', () => {
    expect(select({ select: ['path:seeds'] }, { cwd: '/proj/models' })).toEqual(['seed.shop.countries']);
    expect(s('path:/proj/seeds/countries.csv')).toEqual(['seed.shop.countries']);
    expect(s('path:/elsewhere')).toEqual([]);
  });

  it('selects everything under the project root for "."', () => {
    expect(s('path:.')).toEqual([...shopNodes.keys()].sort());
  });
});

describe('other methods', () => {
  it('fqn:', () => {
    expect(s('fqn:shop.marts.orders')).toEqual(['model.shop.orders']);
    expect(s('fqn:intermediate')).toEqual(['model.shop.int_orders']);
  });

  it('tag:, with wildcards', () => {
    expect(s('tag:staging')).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']);
    expect(s('tag:daily')).toEqual(['model.shop.stg_orders']);
    expect(s('tag:night*')).toEqual(['model.shop.orders']);
  });

  it('resource_type:', () => {
    expect(s('resource_type:source')).toEqual(['source.shop.raw.customers', 'source.shop.raw.orders']);
    expect(s('resource_type:snapshot')).toEqual(['snapshot.shop.orders_snapshot']);
    expect(s('resource_type:seed')).toEqual(['seed.shop.countries']);
    expect(s('resource_type:exposure')).toEqual([]);
    expect(() => s('resource_type:tabel')).toThrow(/unknown resource type "tabel"/);
  });

  it('package:, including "this"', () => {
    expect(s('package:utils')).toEqual(['model.utils.util_dates']);
    expect(s('package:this')).toHaveLength(shopNodes.size - 1);
    expect(s('package:sh*')).toHaveLength(shopNodes.size - 1);
  });

  it('source:', () => {
    expect(s('source:raw')).toEqual(['source.shop.raw.customers', 'source.shop.raw.orders']);
    expect(s('source:raw.orders')).toEqual(['source.shop.raw.orders']);
    expect(s('source:shop.raw.customers')).toEqual(['source.shop.raw.customers']);
    expect(s('source:raw.c*')).toEqual(['source.shop.raw.customers']);
    expect(s('source:other')).toEqual([]);
  });

  it('config.<key>:', () => {
    expect(s('config.materialized:view')).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']);
    expect(s('config.materialized:ephemeral')).toEqual(['model.shop.int_orders']);
    expect(s('config.tags:nightly')).toEqual(['model.shop.orders']);
    expect(s('config.meta.owner:ana')).toEqual(['model.shop.orders']);
    expect(s('config.meta.tier:1')).toEqual(['model.shop.orders']);
    expect(s('config.enabled:true')).toHaveLength(shopNodes.size);
    expect(s('config.unknown_key:x')).toEqual([]);
    expect(() => s('config:view')).toThrow(SelectionError);
  });

  it('file:', () => {
    expect(s('file:stg_orders.sql')).toEqual(['model.shop.stg_orders']);
    expect(s('file:stg_orders')).toEqual(['model.shop.stg_orders']);
    expect(s('file:util_dates.sql')).toEqual(['model.utils.util_dates']);
  });
});

describe('bad selectors', () => {
  it('names the selector and lists valid methods for an unknown method', () => {
    let error: unknown;
    try {
      s('stg_orders', 'owner:ana');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SelectionError);
    const e = error as SelectionError;
    expect(e.code).toBe('bad-selector');
    expect(e.selector).toBe('owner:ana');
    expect(e.message).toContain('"owner:ana"');
    expect(e.message).toMatch(/valid methods: .*fqn.*tag.*path.*resource_type.*package.*source.*config\.<key>/);
  });

  it('rejects unknown methods in --exclude and method args where none belong', () => {
    expect(() => select({ exclude: ['state:modified'] })).toThrow(SelectionError);
    expect(() => s('tag.x:y')).toThrow(/unknown selector method "tag.x"/);
  });

  it('rejects empty values and @ combined with a + prefix', () => {
    expect(() => s('tag:')).toThrow(SelectionError);
    expect(() => s('+')).toThrow(SelectionError);
    expect(() => s('@+orders')).toThrow(/combines @/);
  });

  it('does not treat a selector that matches nothing as an error', () => {
    expect(s('no_such_model')).toEqual([]);
    expect(s('tag:none', '+no_such_model')).toEqual([]);
  });
});
