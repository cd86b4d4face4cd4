/**
 * dbt-osmosis writes a numeric type without its precision and scale, and a string type without its
 * length, unless asked (`--numeric-precision-and-scale`, `--string-length`): `NUMBER(38,0)` becomes
 * `NUMBER`, `character varying(256)` becomes `character varying`. Other types are kept as written.
 */
export interface DataTypeOptions {
  numericPrecisionAndScale?: boolean;
  stringLength?: boolean;
}

// The base names dbt's adapters report as numeric or string (Column.is_numeric / is_string).
const NUMERIC = new Set(['number', 'numeric', 'decimal', 'dec', 'bignumeric', 'bigdecimal']);
const STRING = new Set(['varchar', 'character varying', 'char', 'character', 'nvarchar', 'nchar', 'text', 'string', 'bpchar', 'varchar2', 'nvarchar2']);

export function formatDataType(type: string, options: DataTypeOptions): string {
  const match = /^\s*([A-Za-z][A-Za-z0-9_ ]*?)\s*\(\s*[\d\s,]+\)\s*$/.exec(type);
  if (!match) return type;
  const base = (match[1] as string).toLowerCase();
  if (NUMERIC.has(base) && !options.numericPrecisionAndScale) return match[1] as string;
  if (STRING.has(base) && !options.stringLength) return match[1] as string;
  return type;
}
