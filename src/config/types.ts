import type { LlmSettings } from '../llm/types.js';

/** Per-model price override, USD per million tokens. */
export interface PriceOverride {
  inputPerMTok: number;
  outputPerMTok: number;
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
  addProgenitorToMeta: boolean;
  placeholders: string[];
  synthesize: boolean;
  synthesis?: SynthesisOptions;
}

export const DEFAULT_PLACEHOLDERS: readonly string[] = [
  'Pending further documentation',
  'No description for this column',
  'Not documented',
  'Undefined',
];
