import type { LlmSettings } from '../llm/types.js';
import type { EnrichSettings, SampleCommandSettings } from '../enrich/enrich-settings.js';
import type { EnrichKeys } from '../enrich/types.js';

/**
 * Per-model price override, USD per million tokens. It replaces the model's whole price: cache
 * prices left out are billed at `inputPerMTok`, not taken from the price table.
 */
export interface PriceOverride {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Input read from the provider's prompt cache (`cached_input_per_mtok`). */
  cachedInputPerMTok?: number;
  /** Input written to the prompt cache (`cache_write_per_mtok`; Anthropic bills writes). */
  cacheWritePerMTok?: number;
}

/** `--llm-batch` settings. */
export interface BatchSettings {
  /** How long one run waits for its batches, in seconds; undefined: until they end. */
  waitSeconds?: number;
  /** Seconds between status checks of a running batch. */
  pollSeconds: number;
}

/** Settings of a synthesis run (only meaningful with `synthesize`). */
export interface SynthesisOptions {
  llm: LlmSettings;
  /** Hard budget in USD for the run. */
  maxCostUsd?: number;
  /** Plan only: no call, no write. */
  llmDryRun: boolean;
  /**
   * With `--dry-run`: answers already in the cache are applied (and shown in the diff) before what
   * is left is priced; still no call and no write.
   */
  useCachedAnswers?: boolean;
  /** SQLite cache file; undefined = no cache. */
  cachePath?: string;
  concurrency: number;
  /** Optional requests-per-minute limit. */
  requestsPerMinute?: number;
  /** More than this many missing columns → one bulk request. */
  bulkThreshold: number;
  /** Repair requests after an invalid answer. */
  maxRepairs: number;
  promptFile?: string;
  styleGuideFile?: string;
  /** Prices by model id, overriding the price table. */
  priceOverrides: Record<string, PriceOverride>;
  /** Token limit for the SQL carried in a prompt. */
  maxSqlTokens: number;
  /** Token limit for the upstream column docs carried in a prompt. */
  maxUpstreamTokens: number;
  /** Max output tokens for one per-column answer; bulk answers scale with the column count. */
  maxOutputTokensPerColumn: number;
  /** `--llm-batch`: send requests through the provider's batch API, a wave per batch. */
  batch?: BatchSettings;
  /** `--enrich`: fields asked besides descriptions (docs/enrich.md); absent = descriptions only. */
  enrich?: EnrichSettings;
  /** `--llm-sample-rows`: CSV rows a seed's prompt carries (default 5). */
  sampleRows?: number;
  /** `--llm-sample-command`: how a model's sample rows are fetched (with `enrich` only). */
  sampleCommand?: SampleCommandSettings;
}

/** Everything `documentProject` needs, fully resolved (flags > env > dbt_project vars > defaults). */
export interface DocumentOptions {
  projectDir: string;
  targetPath?: string;
  manifestPath?: string;
  /** Explicit catalog; a missing explicit catalog is an error, a missing default one is not. */
  catalogPath?: string;
  select: string[];
  exclude: string[];
  /** Positional selectors (paths or names, as in dbt-osmosis). */
  positional: string[];
  dryRun: boolean;
  check: boolean;
  forceInheritDescriptions: boolean;
  skipAddColumns: boolean;
  skipAddDataTypes: boolean;
  /** `--output-to-lower` / `--output-to-upper`: force the case of added column names and types. */
  outputCase?: 'lower' | 'upper';
  /** `--sort-by`: reorder written column lists (catalog or alphabetical order). */
  sortBy?: 'database' | 'alphabetical';
  addProgenitorToMeta: boolean;
  /** Inherit along column lineage first (`--lineage`; absent = on); false = name matching only. */
  lineage?: boolean;
  placeholders: string[];
  /** dbt-osmosis's `-f/--fqn` prefixes, selected alongside `select`. */
  fqn?: string[];
  skipAddSourceColumns?: boolean;
  /** Upstream tags and meta come down, descriptions do not. */
  skipInheritDescriptions?: boolean;
  /** Do not union upstream tags into a column that inherits a description. */
  skipAddTags?: boolean;
  /** Do not merge upstream meta into a column that inherits a description. */
  skipMergeMeta?: boolean;
  /** Upstream meta keys never inherited. */
  skipInheritanceForMetaKeys?: string[];
  /** Column keys (e.g. `policy_tags`) inherited from the nearest upstream column that has them. */
  addInheritanceForSpecifiedKeys?: string[];
  /** Keep `(p,s)` on numeric data types written for new columns. */
  numericPrecisionAndScale?: boolean;
  /** Keep `(n)` on string data types written for new columns. */
  stringLength?: boolean;
  /** New entries and columns get `description: ""`. */
  scaffoldEmptyConfigs?: boolean;
  /** Drop blank lines at the end of each file written. */
  stripEofBlankLines?: boolean;
  /** Command run on the files written, their paths appended. */
  formatter?: string;
  synthesize: boolean;
  synthesis?: SynthesisOptions;
  /** `--review`: synthesized text becomes proposals in .osmosis/proposals.jsonl, not YAML. */
  review?: boolean;
  /** `--enrich-apply`: enrichment values are written into the YAML, not proposed (docs/enrich.md). */
  enrichApply?: boolean;
  /** Meta keys enrichment writes (PII flag and category, business purpose); default DEFAULT_ENRICH_KEYS. */
  enrichKeys?: EnrichKeys;
  /** `vars: dbt-osmosis: synthesis: mark:`: meta key `review apply` records provider, model and proposal id under. */
  synthesisMark?: string;
}

/**
 * Descriptions that count as missing (compared trimmed and case-insensitively): dbt-osmosis's four,
 * plus the stand-ins people type while a model is young. Listed in docs/placeholders.md.
 */
export const DEFAULT_PLACEHOLDERS: readonly string[] = [
  'Pending further documentation',
  'No description for this column',
  'Not documented',
  'Undefined',
  'TBD',
  'TBC',
  'TODO',
  'To do',
  'To be documented',
  'To be defined',
  'To be determined',
  'N/A',
  'None',
  'Null',
  '-',
  '...',
  'No description',
  'Missing description',
];
