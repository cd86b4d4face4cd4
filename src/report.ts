/** LLM accounting of a run, as the JSON report prints it. */
export interface LlmReport {
  calls: number;
  cacheHits: number;
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
  /** USD spent; null when the model's price is unknown. */
  costUsd: number | null;
  /** USD the plan was estimated at before any call; null when unknown or not estimated. */
  estimatedCostUsd: number | null;
  budgetUsd: number | null;
  budgetExhausted: boolean;
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
  calls: number;
  inputTokens: number;
  outputTokens: number;
  usd: number | null;
  cacheHits: number;
  assumedUpstream: boolean;
  fitsBudget: boolean;
}

/** What `documentProject` did (or, with --dry-run / --check / --llm-dry-run, would do). */
export interface DocumentReport {
  /** Paths relative to the project dir, sorted. */
  changedFiles: string[];
  /** Per changed file (same order): the nodes and columns it changes. */
  fileChanges: FileChanges[];
  nodesConsidered: number;
  columnsInherited: number;
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
  /** Nodes still needing synthesis when the run stopped at the budget. */
  synthesisNodesLeft: number;
}

export function emptyLlmReport(budgetUsd?: number): LlmReport {
  return {
    calls: 0,
    cacheHits: 0,
    failedCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    estimatedCostUsd: null,
    budgetUsd: budgetUsd ?? null,
    budgetExhausted: false,
  };
}
