/**
 * What Anthropic Messages and Bedrock Converse share: the forced tool's description, the meaning
 * of their stop reasons (Converse took Anthropic's) and the shape of their cache usage.
 */
import type { GenerateResult, ResponseSchema, Usage } from './types.js';

/** The schema's own description, else a plain instruction (the tool must have one). */
export function forcedToolDescription(schema: ResponseSchema): string {
  const own = schema.schema['description'];
  return typeof own === 'string' ? own : 'Record the answer. Its input must follow the schema exactly.';
}

export function mapToolStopReason(reason: string | null | undefined): GenerateResult['finishReason'] {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool';
    case 'refusal':
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content-filter';
    default:
      return 'other';
  }
}

/**
 * Usage in our shape from Anthropic's (and Converse's) numbers, where input tokens leave out what
 * was read from or written to the prompt cache; ours count every input token.
 */
export function cachedUsage(
  input: number | null | undefined,
  output: number | null | undefined,
  cacheRead: number | null | undefined,
  cacheWrite: number | null | undefined,
): Usage {
  const read = cacheRead ?? 0;
  const written = cacheWrite ?? 0;
  return {
    inputTokens: (input ?? 0) + read + written,
    outputTokens: output ?? 0,
    ...(read > 0 ? { cachedInputTokens: read } : {}),
    ...(written > 0 ? { cacheWriteInputTokens: written } : {}),
  };
}
