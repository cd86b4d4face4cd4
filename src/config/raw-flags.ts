/**
 * The options commander hands over for `yaml document` (and `llm test`), before any validation.
 * Numbers arrive as strings unless the CLI parses them; both are accepted. Every field is optional:
 * undefined means "flag not given", so lower layers (environment, dbt_project.yml, defaults) apply.
 */
export interface RawFlags {
  projectDir?: string;
  targetPath?: string;
  manifestPath?: string;
  catalogPath?: string;
  select?: string[];
  exclude?: string[];
  positional?: string[];
  /** Repeatable `-f/--fqn`: dbt-osmosis's fqn prefixes. */
  fqn?: string[];
  dryRun?: boolean;
  check?: boolean;
  forceInheritDescriptions?: boolean;
  skipAddColumns?: boolean;
  skipAddDataTypes?: boolean;
  outputToLower?: boolean;
  outputToUpper?: boolean;
  /** `--sort-by database|alphabetical`. */
  sortBy?: string;
  addProgenitorToMeta?: boolean;
  skipAddSourceColumns?: boolean;
  skipInheritDescriptions?: boolean;
  skipAddTags?: boolean;
  skipMergeMeta?: boolean;
  skipInheritanceForMetaKeys?: string[];
  addInheritanceForSpecifiedKeys?: string[];
  useUnrenderedDescriptions?: boolean;
  preferYamlValues?: boolean;
  numericPrecisionAndScale?: boolean;
  stringLength?: boolean;
  scaffoldEmptyConfigs?: boolean;
  includeExternal?: boolean;
  stripEofBlankLines?: boolean;
  keepEofBlankLines?: boolean;
  /** `--fusion-compat` (true) / `--no-fusion-compat` (false): refused. */
  fusionCompat?: boolean;
  logLevel?: string;
  formatter?: string;
  /** `--vars`: a YAML mapping overriding dbt_project.yml's vars. */
  vars?: string;
  /** Passed to `--dbt-parse`. */
  profile?: string;
  target?: string;
  profilesDir?: string;
  threads?: string | number;
  disableIntrospection?: boolean;
  /** `--lineage on|off`. */
  lineage?: string;
  /** Repeatable `--placeholder TEXT`. */
  placeholder?: string[];
  synthesize?: boolean;
  review?: boolean;
  reviewer?: string;
  llmProvider?: string;
  llmModel?: string;
  llmBaseUrl?: string;
  llmTemperature?: string | number;
  llmMaxCost?: string | number;
  llmDryRun?: boolean;
  llmCachePath?: string;
  /** false for `--no-llm-cache`. */
  llmCache?: boolean;
  llmConcurrency?: string | number;
  llmTimeout?: string | number;
  llmMaxRetries?: string | number;
  bulkThreshold?: string | number;
  llmMaxRepairs?: string | number;
  llmPromptFile?: string;
  llmStyleGuide?: string;
  /** `--enrich pii,tags,tests,purpose`. */
  enrich?: string;
  enrichApply?: boolean;
  llmSampleRows?: string | number;
  llmSampleCommand?: string;
  llmSampleTimeout?: string | number;
  llmRpm?: string | number;
  llmStats?: boolean;
  llmBatch?: boolean;
  llmBatchWait?: string;
  llmBatchPoll?: string;
  format?: string;
  verbose?: boolean;
  quiet?: boolean;
  /** Run `dbt parse` first (true) or the given command. */
  dbtParse?: boolean | string;
  showConfig?: boolean;
}
