import type { SkippedFile } from './project/skipped-files.js';
import type { YamlDiagnostic } from './yaml/yaml-diagnostic.js';

/** LLM accounting of a run, as the JSON report prints it. */
export interface LlmReport {
  calls: number;
  cacheHits: number;
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
  /** Of `inputTokens`, those the provider read from its prompt cache (billed at the cached-input price). */
  cachedInputTokens: number;
  /** USD spent; null when the model's price is unknown. */
  costUsd: number | null;
  /** USD the plan was estimated at before any call; null when unknown or not estimated. */
  estimatedCostUsd: number | null;
  budgetUsd: number | null;
  budgetExhausted: boolean;
  /** With `--llm-batch`: waves submitted, requests submitted and collected, requests still in a batch. */
  batch?: { waves: number; submitted: number; completed: number; pending: number };
}

export interface Failure {
  node: string;
  column?: string;
  error: string;
}

/** How many changed files a failing --check shows the diff of (diffing every file of a large project costs more than the run). */
export const CHECK_DIFF_FILES = 10;

/** What one changed file changes: node ids with the column names edited or added. */
export interface FileChanges {
  file: string;
  nodes: { node: string; columns: string[]; description: boolean; newEntry: boolean }[];
}

/** One row of the `--llm-dry-run` plan. */
export interface DryRunRow {
  node: string;
  strategy: 'bulk' | 'per-column' | 'none';
  /** With `--enrich`: the fields this node's requests ask for besides descriptions. */
  enrichFields?: string[];
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** Of `inputTokens`, those assumed read from the provider's prompt cache (see the plan's assumptions). */
  cachedInputTokens: number;
  usd: number | null;
  cacheHits: number;
  assumedUpstream: boolean;
  fitsBudget: boolean;
}

/** An inherited text that came along a lineage path with a rename (shown by --dry-run). */
export interface RenamedInheritance {
  node: string;
  column: string;
  from: string;
  fromColumn: string;
}

/** Column lineage of a run (docs/lineage.md); all zero with `--lineage off`. */
export interface LineageReport {
  modelsParsed: number;
  /** Models whose SQL could not be had or parsed: name matching only. */
  modelsFallback: number;
  /** Columns of selected parsed models whose lineage is unknown (name matching applied). */
  columnsUnknown: number;
}

/** What `documentProject` did (or, with --dry-run / --check / --llm-dry-run, would do). */
export interface DocumentReport {
  /** Paths relative to the project dir, sorted. */
  changedFiles: string[];
  /** Per changed file (same order): the nodes and columns it changes. */
  fileChanges: FileChanges[];
  nodesConsidered: number;
  columnsInherited: number;
  /** Of `columnsInherited`, those found along column lineage. */
  columnsInheritedByLineage?: number;
  lineage?: LineageReport;
  /** Inherited texts whose lineage path renamed the column. */
  inheritedThroughRename?: RenamedInheritance[];
  columnsAdded: number;
  columnsSynthesized: number;
  modelDescriptionsSynthesized: number;
  failures: Failure[];
  llm: LlmReport;
  /** True when files were written. */
  written: boolean;
  /** Unified diff of the changes with --dry-run; with --check, of the first CHECK_DIFF_FILES changed files (empty otherwise). */
  diff: string;
  warnings: string[];
  /** Present with --llm-dry-run. */
  llmPlan?: { rows: DryRunRow[]; assumptions: string[] };
  /** The run stopped because the budget was reached. */
  stoppedAtBudget: boolean;
  /** The run stopped waiting for a batch (`--llm-batch-wait`): exit 5, run again to collect. */
  stoppedWaitingForBatch: boolean;
  /** Nodes still needing synthesis when the run stopped at the budget. */
  synthesisNodesLeft: number;
  /** Schema files left as they are (unparseable, or an edit would be unsafe); see docs/yaml-reading.md. */
  skippedFiles: SkippedFile[];
  /** What dbt accepts but a person may want to fix: duplicate keys, mis-indented quoted scalars. */
  yamlWarnings: YamlDiagnostic[];
  /** With `--enrich`: values that passed validation (columns flagged PII, tags, tests, purposes). */
  enriched?: EnrichedCounts;
  /** With `--review`: proposals this run added, replaced and marked stale in .osmosis/proposals.jsonl. */
  proposals?: { created: number; replaced: number; stale: number };
}

/** Counts of enrichment values a run found. */
export interface EnrichedCounts {
  pii: number;
  tags: number;
  tests: number;
  purpose: number;
}

export function emptyLlmReport(budgetUsd?: number): LlmReport {
  return {
    calls: 0,
    cacheHits: 0,
    failedCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    costUsd: 0,
    estimatedCostUsd: null,
    budgetUsd: budgetUsd ?? null,
    budgetExhausted: false,
  };
}
