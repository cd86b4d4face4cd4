/**
 * What Anthropic Messages and Bedrock Converse share when an answer is asked for as a forced tool
 * call: the tool's description and the meaning of their stop reasons (Converse took Anthropic's).
 */
import type { GenerateResult, ResponseSchema } from './types.js';

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
