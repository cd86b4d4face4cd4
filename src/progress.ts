/** Events a run emits while it works; the CLI turns them into a progress bar or log lines. */
export type ProgressEvent =
  | { type: 'phase'; phase: 'load' | 'inherit' | 'synthesize' | 'estimate' | 'write'; detail?: string }
  | {
      type: 'synthesis-progress';
      nodesDone: number;
      nodesTotal: number;
      calls: number;
      cacheHits: number;
      costUsd: number | null;
    }
  | {
      type: 'llm-call';
      node: string;
      strategy: string;
      column?: string;
      cached: boolean;
      inputTokens?: number;
      outputTokens?: number;
      latencyMs?: number;
      failed: boolean;
    }
  | { type: 'batch-progress'; waves: number; submitted: number; completed: number; pending: number }
  | { type: 'warning'; message: string };

export type ProgressListener = (event: ProgressEvent) => void;
