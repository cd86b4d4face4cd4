import { OsmosisError } from '../errors.js';

/**
 * The one interface synthesis talks to. Providers (OpenAI-style and Anthropic) implement it through
 * their official SDKs; tests of the core use a fake.
 */

export type ProviderName =
  | 'openai'
  | 'azure-openai'
  | 'anthropic'
  | 'bedrock'
  | 'google-gemini'
  | 'ollama'
  | 'lm-studio'
  | 'openai-compatible';

export const PROVIDER_NAMES: readonly ProviderName[] = [
  'openai',
  'azure-openai',
  'anthropic',
  'bedrock',
  'google-gemini',
  'ollama',
  'lm-studio',
  'openai-compatible',
];

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  /**
   * The request up to the end of this message is a prefix other requests share: providers with
   * explicit prompt caching (Anthropic's `cache_control`) mark it; others cache prefixes by themselves.
   */
  cacheBreakpoint?: boolean;
}

/** A JSON Schema the answer must follow, with the name providers need for it. */
export interface ResponseSchema {
  name: string;
  schema: Record<string, unknown>;
}

export interface GenerateRequest {
  messages: ChatMessage[];
  /** When given, the provider asks for structured output and returns `object`. */
  responseSchema?: ResponseSchema;
  temperature?: number;
  maxOutputTokens: number;
  /** Aborts the request (per-request timeout and run cancellation). */
  signal?: AbortSignal;
}

/** Token usage in one shape for every provider (the numbers the provider reported). */
export interface Usage {
  /** Every input token of the request, those served from the provider's prompt cache included. */
  inputTokens: number;
  outputTokens: number;
  /** Of `inputTokens`, those read from the provider's prompt cache (billed at the cached-input price). */
  cachedInputTokens?: number;
  /** Of `inputTokens`, those written to the prompt cache (Anthropic bills them above the input price). */
  cacheWriteInputTokens?: number;
}

export interface GenerateResult {
  /** The raw text of the answer (for structured answers: the JSON text or tool input as JSON). */
  text: string;
  /** The parsed JSON when a schema was requested and the answer parsed; undefined otherwise. */
  object?: unknown;
  usage: Usage;
  finishReason: 'stop' | 'length' | 'tool' | 'content-filter' | 'other';
  /** Non-fatal remarks, e.g. "schema not supported, fell back to JSON mode". */
  warnings: string[];
}

export interface LanguageModel {
  readonly provider: ProviderName;
  readonly modelId: string;
  /** Base URL the requests go to (part of the cache key; never holds a secret). */
  readonly baseUrl: string;
  /** One attempt: no retries inside. Throws `LlmError`. */
  generate(request: GenerateRequest): Promise<GenerateResult>;
}

export type LlmErrorKind =
  | 'rate-limit' // 429
  | 'server' // 5xx, 408, 409
  | 'timeout'
  | 'connection' // reset, refused, dropped
  | 'auth' // 401, 403
  | 'quota' // insufficient_quota, billing
  | 'bad-request' // other 4xx
  | 'bad-response'; // unparseable body, empty answer

/** An error from a provider call that knows whether trying again can help. */
export class LlmError extends OsmosisError {
  /** `llm-<kind>`, e.g. `llm-auth`: the one code style every osmosis-ts error carries. */
  declare readonly code: `llm-${LlmErrorKind}`;
  readonly kind: LlmErrorKind;
  readonly status?: number;
  /** Seconds the server asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds?: number;
  /** 401/403/quota stop the whole run: no other call can succeed either. */
  readonly fatal: boolean;

  constructor(
    message: string,
    opts: { kind: LlmErrorKind; status?: number; retryAfterSeconds?: number; cause?: unknown },
  ) {
    super(`llm-${opts.kind}`, message, opts.cause === undefined ? {} : { cause: opts.cause });
    this.kind = opts.kind;
    if (opts.status !== undefined) this.status = opts.status;
    if (opts.retryAfterSeconds !== undefined) this.retryAfterSeconds = opts.retryAfterSeconds;
    this.fatal = opts.kind === 'auth' || opts.kind === 'quota';
  }

  get retryable(): boolean {
    return (
      this.kind === 'rate-limit' ||
      this.kind === 'server' ||
      this.kind === 'timeout' ||
      this.kind === 'connection'
    );
  }
}

/** Resolved provider settings (from flags, environment, dbt_project.yml vars, defaults). */
export interface LlmSettings {
  provider: ProviderName;
  model: string;
  /** Endpoint; for azure-openai the resource endpoint. */
  baseUrl?: string;
  /** The secret. Never logged, never part of a cache key or report. */
  apiKey?: string;
  /** Name of the variable the key came from, for messages ("set OPENAI_API_KEY"). */
  apiKeyVariable?: string;
  azureDeployment?: string;
  azureApiVersion?: string;
  /** Bedrock: the AWS region (from AWS_REGION / AWS_DEFAULT_REGION); credentials come from the AWS default chain. */
  awsRegion?: string;
  temperature?: number;
  /** Per-request timeout in seconds. */
  timeoutSeconds: number;
  maxRetries: number;
}
