import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import type { RawFlags } from '../../src/config/read-flags.js';
import { resolveDocumentOptionsWithOrigins } from '../../src/config/resolve-config.js';

function resolve(flags: RawFlags, top: Record<string, unknown> = {}) {
  return resolveDocumentOptionsWithOrigins({
    flags,
    env: {},
    dbtProjectVars: { 'dbt-osmosis': top },
    projectDir: '/proj',
    homedir: '/home/u',
    cwd: '/work',
  });
}

describe('--output-to-lower, --output-to-upper, --sort-by', () => {
  it('are unset by default: the file decides the case and the order', () => {
    const { options } = resolve({});
    expect(options.outputCase).toBeUndefined();
    expect(options.sortBy).toBeUndefined();
  });

  it('come from flags or from vars, flags first', () => {
    expect(resolve({ outputToLower: true }).options.outputCase).toBe('lower');
    expect(resolve({}, { 'output-to-upper': true }).options.outputCase).toBe('upper');
    const { options, origins } = resolve({ sortBy: 'Alphabetical' }, { sort_by: 'database' });
    expect(options.sortBy).toBe('alphabetical');
    expect(origins['sortBy']).toEqual({ kind: 'flag', flag: '--sort-by' });
    expect(resolve({}, { sort_by: 'database' }).options.sortBy).toBe('database');
  });

  it('refuse both cases at once and an unknown sort, naming the setting', () => {
    expect(() => resolve({ outputToLower: true, outputToUpper: true })).toThrow(ConfigError);
    expect(() => resolve({ outputToLower: true, outputToUpper: true })).toThrow(/--output-to-lower and --output-to-upper/);
    expect(() => resolve({ sortBy: 'size' })).toThrow(/--sort-by: expected 'database' \(catalog order\) or 'alphabetical', got 'size'/);
    expect(() => resolve({}, { sort_by: 3 })).toThrow(/sort_by/);
  });
});
