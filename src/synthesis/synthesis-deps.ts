/**
 * What synthesizing a node is given. The cache and budget are described by the few members
 * synthesis uses, so the real ResponseCache / Budget fit and tests can pass small fakes.
 */
import type { SynthesisOptions } from '../config/types.js';
import type { ChatMessage, GenerateRequest, GenerateResult, LanguageModel, ResponseSchema } from '../llm/types.js';
import type { RetryOptions } from '../llm/retry.js';
import type { CacheKeyInput } from '../cache/cache-key.js';
import type { CachedResponse } from '../cache/response-cache.js';
import type { Budget } from '../cost/budget.js';
import type { PriceInfo } from '../cost/prices.js';
import type { Clock } from '../ports.js';
import type { TokenCounter } from './plan/bound-prompt-text.js';
import type { CallGate } from './run/call-gate.js';
import type { PromptTemplates } from './plan/prompt-templates.js';
import type { CallRecord } from './types.js';

/** The parts of ResponseCache synthesis uses. */
export interface AnswerCache {
  get(key: string): Promise<CachedResponse | undefined>;
  set(key: string, value: CachedResponse): Promise<void>;
}

/** The parts of Budget synthesis uses: `reserve` gives undefined when the call could cross it. */
export type BudgetTracker = Pick<Budget, 'reserve' | 'commit' | 'release'>;

export type RequestTokenCounter = (request: {
  messages: readonly ChatMessage[];
  responseSchema?: ResponseSchema;
}) => number;

export interface SynthesisDeps {
  model: LanguageModel;
  /** The response cache; `nullCache()` with `--no-llm-cache`. */
  cache: AnswerCache;
  /** Set with `--llm-max-cost`; then `price` must be known (the caller refuses to run otherwise). */
  budget?: BudgetTracker;
  /** Undefined = unknown price: costs are reported as unknown, never 0. */
  price?: PriceInfo;
  options: SynthesisOptions;
  placeholders: readonly string[];
  /** Tokens of a text, for cutting SQL and upstream docs. */
  countTokens: TokenCounter;
  /** Input tokens of a request, for budget reservations and the dry run. */
  countRequestTokens: RequestTokenCounter;
  templates: PromptTemplates;
  /** Style guide text for `{{style_guide}}`. */
  styleGuide?: string;
  /** Longest accepted description in characters (default 1000). */
  maxDescriptionLength?: number;
  /** The run's shared limit on calls; a private one with `options.concurrency` when absent. */
  gate?: CallGate;
  signal?: AbortSignal;
  /** Progress: called after every call, cached or not, failed or not. */
  onCall?(record: CallRecord): void;
  /** The transport with retries; `generateWithRetry` when absent. */
  generate?: (model: LanguageModel, request: GenerateRequest, opts: RetryOptions) => Promise<GenerateResult>;
  /** Cache key of a request; `cacheKey` when absent. */
  cacheKey?: (input: CacheKeyInput) => string;
  /** Latency and cache timestamps, and the waits between retries. */
  clock: Clock;
}
