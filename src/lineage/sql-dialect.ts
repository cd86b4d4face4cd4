/** sqlparser-rs dialect names for dbt adapter types; an adapter not listed parses as `generic`. */
const DIALECTS: Readonly<Record<string, string>> = {
  postgres: 'postgresql',
  redshift: 'redshift',
  snowflake: 'snowflake',
  bigquery: 'bigquery',
  duckdb: 'duckdb',
  databricks: 'databricks',
  spark: 'spark',
  trino: 'generic',
  athena: 'generic',
  clickhouse: 'clickhouse',
  mysql: 'mysql',
  sqlite: 'sqlite',
  sqlserver: 'mssql',
  fabric: 'mssql',
  synapse: 'mssql',
  oracle: 'oracle',
  teradata: 'teradata',
  hive: 'hive',
};

/** The parser dialect for a manifest's `metadata.adapter_type`. */
export function sqlDialect(adapterType: string | undefined): string {
  return (adapterType && DIALECTS[adapterType.toLowerCase()]) || 'generic';
}
