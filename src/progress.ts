import type { GenerateRequest } from './llm/types.js';

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
  /**
   * `--llm-dry-run`: one request of the plan, as the run would send it first (repairs and
   * fallbacks depend on answers and are not planned). `assumedUpstream`: the prompt holds
   * stand-ins for text the run would synthesize upstream, so the run's request will differ there.
   */
  | {
      type: 'llm-planned-request';
      node: string;
      kind: 'bulk' | 'column' | 'node-description' | 'enrich';
      column?: string;
      request: GenerateRequest;
      cacheKey: string;
      cached: boolean;
      /** Estimated tokens (0 when cached): input counted on the request, output typical. */
      inputTokens: number;
      outputTokens: number;
      assumedUpstream: boolean;
    }
  | { type: 'batch-progress'; waves: number; submitted: number; completed: number; pending: number }
  | { type: 'warning'; message: string };

export type ProgressListener = (event: ProgressEvent) => void;
