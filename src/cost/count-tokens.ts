import { createRequire } from 'node:module';
import type { ChatMessage, ResponseSchema } from '../llm/types.js';

type Encoding = 'o200k_base' | 'cl100k_base';
type TokenCounter = (text: string) => number;
type EncodingApi = typeof import('gpt-tokenizer/encoding/o200k_base');

/** OpenAI chat format: `<|start|>role<|message|>content<|end|>`, 3 tokens around each message… */
const TOKENS_PER_MESSAGE = 3;
/** …and every reply is primed with `<|start|>assistant<|message|>`. */
const REPLY_PRIMING_TOKENS = 3;
/**
 * Anthropic adds a tool-use system prompt when tools are sent: 313 tokens with a forced
 * `tool_choice` (Anthropic's "Tool use" pricing table), which is how we ask for structure.
 */
const ANTHROPIC_FORCED_TOOL_TOKENS = 313;
/**
 * Anthropic's and Google's tokenizers are not public, so their counts are estimated with
 * o200k_base. Claude's tokenizer yields noticeably more tokens for the same text, Gemini's about
 * as many; these factors keep a cost estimate on the high side (the budget reserves it before a
 * call). They are approximations: the spend recorded afterwards is what the provider reports.
 */
const ESTIMATE_FACTOR_CLAUDE = 1.35;
const ESTIMATE_FACTOR_OTHER = 1.15;

// Encodings are loaded on first use (each takes 100-300 ms and several MB to build) and then kept.
// `require` keeps `countTokens` synchronous, which matters when it is called for thousands of
// prompts; only the encodings a run's model needs are ever loaded.
const require = createRequire(import.meta.url);
const counters = new Map<Encoding, TokenCounter>();
const encodingByModel = new Map<string, Encoding>();
// Text is counted as plain text: a SQL file that contains "<|endoftext|>" must not throw.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

function counterFor(encoding: Encoding): TokenCounter {
  let counter = counters.get(encoding);
  if (counter === undefined) {
    const api = require(`gpt-tokenizer/cjs/encoding/${encoding}`) as EncodingApi;
    counter = (text) => api.countTokens(text, PLAIN_TEXT);
    counters.set(encoding, counter);
  }
  return counter;
}

/**
 * o200k_base for gpt-4o, gpt-4.1, gpt-4.5, gpt-5, the o-series and gpt-oss; cl100k_base for the
 * older OpenAI chat models (gpt-4, gpt-4-turbo, gpt-3.5) and embeddings; o200k_base as an estimate
 * for everything else (Claude, Gemini, local models), whose real tokenizers differ.
 */
export function encodingForModel(model?: string): Encoding {
  if (model === undefined) return 'o200k_base';
  let encoding = encodingByModel.get(model);
  if (encoding === undefined) {
    // Gateways and Azure deployments spell models as "openai/gpt-4o" or "gpt-35-turbo".
    const id = (model.split('/').pop() ?? model).toLowerCase();
    const older = /^(gpt-4(?![o.])|gpt-3\.5|gpt-35|text-embedding-(ada|3))/.test(id);
    encoding = older ? 'cl100k_base' : 'o200k_base';
    encodingByModel.set(model, encoding);
  }
  return encoding;
}

/** Tokens of `text` with the model's encoding (see `encodingForModel`). */
export function countTokens(text: string, model?: string): number {
  if (text === '') return 0;
  return counterFor(encodingForModel(model))(text);
}

/** Tokens of a chat as OpenAI bills it: each message's role and content plus the chat framing. */
export function countMessagesTokens(messages: readonly ChatMessage[], model?: string): number {
  const count = counterFor(encodingForModel(model));
  let total = REPLY_PRIMING_TOKENS;
  for (const message of messages) {
    total += TOKENS_PER_MESSAGE + count(message.role) + count(message.content);
  }
  return total;
}

/**
 * Input tokens one request is expected to cost: the messages plus the JSON schema, which is sent
 * with the request (as `response_format` or a tool's `input_schema`) and billed as input. Exact
 * up to the schema framing for OpenAI models; a deliberately high estimate for others (see
 * `estimateFactor`). Use it to size budget reservations, not to cut text.
 */
export function countRequestTokens(
  request: { messages: readonly ChatMessage[]; responseSchema?: ResponseSchema },
  model?: string,
): number {
  let tokens = countMessagesTokens(request.messages, model);
  const schema = request.responseSchema;
  if (schema !== undefined) {
    tokens += countTokens(schema.name, model) + countTokens(JSON.stringify(schema.schema), model);
    if (isClaude(model)) tokens += ANTHROPIC_FORCED_TOOL_TOKENS;
  }
  return Math.ceil(tokens * estimateFactor(model));
}

/** 1 where the tokenizer is the model's own; more where o200k_base only approximates it. */
export function estimateFactor(model?: string): number {
  if (model === undefined || isOpenAiModel(model)) return 1;
  return isClaude(model) ? ESTIMATE_FACTOR_CLAUDE : ESTIMATE_FACTOR_OTHER;
}

function isOpenAiModel(model: string): boolean {
  const id = (model.split('/').pop() ?? model).toLowerCase();
  return /^(gpt-|o\d|chatgpt-|text-embedding-)/.test(id);
}

function isClaude(model?: string): boolean {
  return model !== undefined && model.toLowerCase().includes('claude');
}
