import { ConfigError } from './errors.js';
import { OPTION_KEYS, specOf, type OptionKey, type Options } from './options-table.js';

/** What commander hands over for one flag, by its kind; numbers are also accepted from library callers. */
type RawOf<S> = S extends { kind: 'switch' }
  ? boolean
  : S extends { kind: 'list' }
    ? string[]
    : S extends { kind: 'optional-value' }
      ? boolean | string
      : S extends { parse: (raw: unknown, label: string) => number }
        ? string | number
        : string;

type FlagKey = { [K in OptionKey]: Options[K] extends { flag: string } ? K : never }[OptionKey];

/**
 * The flags of `yaml document` (and the commands sharing its options) before any validation,
 * derived from the options table: one optional field per flag, named as commander names it.
 * Undefined means "not given", so lower layers (environment, dbt_project.yml, defaults) apply.
 */
export type RawFlags = { [K in FlagKey]?: RawOf<Options[K]> } & {
  /** `[selector...]`: positional paths or names, as in dbt-osmosis. */
  positional?: string[];
};

function fitsKind(kind: string, value: unknown): boolean {
  switch (kind) {
    case 'switch':
      return typeof value === 'boolean';
    case 'list':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'optional-value':
      return typeof value === 'boolean' || typeof value === 'string';
    default:
      return typeof value === 'string' || typeof value === 'number';
  }
}

/**
 * Commander's option values, checked against the table: only known settings are kept, each of the
 * shape its kind promises. Other keys (a command's own options, like `--min-coverage`) are left
 * for that command to read.
 */
export function readFlags(values: Record<string, unknown>, positional?: string[]): RawFlags {
  const flags: Record<string, unknown> = {};
  for (const key of OPTION_KEYS) {
    const spec = specOf(key);
    const value = values[key];
    if (spec.flag === undefined || value === undefined) continue;
    if (!fitsKind(spec.kind, value)) throw new ConfigError(`${spec.flag}: unexpected value ${JSON.stringify(value)}`);
    flags[key] = value;
  }
  if (positional !== undefined) flags['positional'] = positional;
  // Every field was checked against its kind above, which is what RawFlags is made of.
  return flags as RawFlags;
}
