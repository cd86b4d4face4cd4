/**
 * `vars: dbt-osmosis: llm: prices:` entries: the two required prices and the two optional cache
 * prices, and an error naming the model's key for every way an entry can be wrong.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { readOsmosisVars } from '../../src/config/project-vars.js';
import { readPriceOverrides } from '../../src/config/read-price-overrides.js';

const read = (prices: unknown, env: Record<string, string> = {}) =>
  readPriceOverrides(readOsmosisVars({ 'dbt-osmosis': { llm: { prices } } }), env);

function errorOf(prices: unknown): string {
  try {
    read(prices);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

const KEY = 'vars.dbt-osmosis.llm.prices.my-model';

describe('readPriceOverrides', () => {
  it('reads input and output prices, and the cache prices when given', () => {
    expect(
      read({
        'my-model': { input_per_mtok: 2, output_per_mtok: '8', cached_input_per_mtok: 0.5, 'cache-write-per-mtok': '2.5' },
        plain: { input_per_mtok: 1, output_per_mtok: 4 },
      }),
    ).toEqual({
      'my-model': { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5, cacheWritePerMTok: 2.5 },
      // No cache keys: no cache fields, so costUsd bills cached input at the input price.
      plain: { inputPerMTok: 1, outputPerMTok: 4 },
    });
  });

  it('accepts 0 (a cache that is free) and ${VAR} values', () => {
    const prices = { 'my-model': { input_per_mtok: 1, output_per_mtok: 1, cached_input_per_mtok: 0, cache_write_per_mtok: '${WRITE}' } };
    expect(read(prices, { WRITE: '1.25' })['my-model']).toEqual({ inputPerMTok: 1, outputPerMTok: 1, cachedInputPerMTok: 0, cacheWritePerMTok: 1.25 });
  });

  it('a negative or non-number cache price names the model and the key', () => {
    expect(errorOf({ 'my-model': { input_per_mtok: 1, output_per_mtok: 2, cached_input_per_mtok: -0.1 } })).toBe(
      `${KEY}.cached_input_per_mtok in dbt_project.yml: expected a number of 0 or more, got '-0.1'`,
    );
    expect(errorOf({ 'my-model': { input_per_mtok: 1, output_per_mtok: 2, cache_write_per_mtok: 'cheap' } })).toBe(
      `${KEY}.cache_write_per_mtok in dbt_project.yml: expected a number of 0 or more, got 'cheap'`,
    );
    expect(errorOf({ 'my-model': { input_per_mtok: 1, output_per_mtok: 2, cache_write_per_mtok: [1] } })).toMatch(/cache_write_per_mtok in dbt_project\.yml: expected a number of 0 or more, got a list/);
  });

  it('an unknown key lists the allowed keys', () => {
    expect(errorOf({ 'my-model': { input_per_mtok: 1, output_per_mtok: 2, cache_read_mtok: 0.5 } })).toBe(
      `${KEY}.cache_read_mtok in dbt_project.yml: unknown key; expected one of input_per_mtok, output_per_mtok, cached_input_per_mtok, cache_write_per_mtok (the first two required)`,
    );
  });

  it('an empty cache price is an error, not the input price', () => {
    expect(errorOf({ 'my-model': { input_per_mtok: 1, output_per_mtok: 2, cached_input_per_mtok: null } })).toBe(
      `${KEY}.cached_input_per_mtok in dbt_project.yml: missing; give USD per million tokens, or remove the key to bill it at input_per_mtok`,
    );
  });

  it('a missing required price, and an entry that is not a mapping', () => {
    expect(errorOf({ 'my-model': { output_per_mtok: 2, cached_input_per_mtok: 1 } })).toBe(`${KEY}.input_per_mtok in dbt_project.yml: missing; give USD per million tokens`);
    expect(errorOf({ 'my-model': 3 })).toMatch(new RegExp(`^${KEY.replace(/\./g, '\\.')} in dbt_project\\.yml: expected a mapping of USD per million tokens with input_per_mtok, .*got '3'$`));
    expect(errorOf({ 'my-model': [1, 2] })).toMatch(/my-model in dbt_project\.yml: expected a mapping .* got a list$/);
  });
});
