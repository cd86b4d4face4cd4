/** Where a resolved setting came from, for `--show-config` and error messages. */
export type ConfigOrigin =
  | { kind: 'flag'; flag: string }
  | { kind: 'env'; variable: string }
  | { kind: 'dbt_project.yml'; key: string }
  | { kind: 'default' };

/** Origins keyed by the dotted path of the option in `DocumentOptions` (e.g. `synthesis.llm.model`). */
export type ConfigOrigins = Record<string, ConfigOrigin>;

/** "flag --llm-model", "env OPENAI_MODEL", "dbt_project.yml vars.dbt-osmosis.llm.model", "default". */
export function describeOrigin(origin: ConfigOrigin): string {
  switch (origin.kind) {
    case 'flag':
      return `flag ${origin.flag}`;
    case 'env':
      return `env ${origin.variable}`;
    case 'dbt_project.yml':
      return `dbt_project.yml ${origin.key}`;
    case 'default':
      return 'default';
  }
}

/** How an error message names the place a bad value was found. */
export function labelOrigin(origin: ConfigOrigin): string {
  switch (origin.kind) {
    case 'flag':
      return origin.flag;
    case 'env':
      return origin.variable;
    case 'dbt_project.yml':
      return `${origin.key} in dbt_project.yml`;
    case 'default':
      return 'default';
  }
}
