/** Types of the fake LLM server's API (see fake-llm-server.ts for the contract). */
import type { JsonSchema } from './fake-llm-answers.js';
import type { RecordedBody, SchemaMode, WireFormat } from './fake-llm-wire.js';

export interface FakeUsage {
  /** Every input token, cached ones included (the wire formats split them as each provider does). */
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  cacheWriteInputTokens?: number;
}

/** What to do with one request; fields combine. `{}` or `'ok'` is the default valid answer. */
export interface Behaviour {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  retryAfter?: number | string;
  retryAfterMs?: number;
  quota?: boolean;
  delayMs?: number;
  drop?: boolean;
  truncatedJson?: boolean;
  missingColumns?: number;
  extraColumns?: string[];
  empty?: boolean;
  text?: string;
  answer?: unknown;
  invalid?: 'placeholder';
  usage?: Partial<FakeUsage>;
}

export type ScriptStep = Behaviour | 'ok';

export type UsageSetting =
  | Partial<FakeUsage>
  | ((req: RecordedRequest, answerText: string) => Partial<FakeUsage>)
  | undefined;

export interface RecordedRequest {
  /** 0-based arrival order. */
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased names. */
  headers: Record<string, string>;
  rawBody: string;
  body: RecordedBody | undefined;
  /** undefined for unknown routes (answered 404). */
  format: WireFormat | undefined;
  deployment?: string;
  model?: string;
  /** All system and message text, newline-joined. */
  prompt: string;
  schema?: JsonSchema;
  schemaName?: string;
  schemaMode?: SchemaMode;
  /** The behaviour applied (filled once decided). */
  behaviour: Behaviour;
  /** HTTP status answered; undefined when dropped or killed before answering. */
  status?: number;
  /** The structured object answered, when there was one. */
  answer?: unknown;
  /** The answer text (JSON text for structured answers). */
  answerText?: string;
  usage?: FakeUsage;
}

export interface FakeLlmServerOptions {
  /** Added before every answer (benchmarks, concurrency tests). */
  latencyMs?: number;
  /** Per-request hook; return undefined to fall through to the script. */
  respond?: (req: RecordedRequest) => ScriptStep | undefined;
  usage?: UsageSetting;
  /** Answer every json_schema request with a 400 that names response_format. */
  rejectJsonSchema?: boolean;
  /** Description text for a property name (default `fakeDescription`). */
  describe?: (name: string) => string;
  /** Initial script. */
  script?: ScriptStep[];
  /** Simulate the providers' prompt caches from this many (rough) tokens on; see fake-llm-prompt-cache.ts. */
  promptCacheMinTokens?: number;
}

export interface FakeLlmServer {
  /** `http://127.0.0.1:<port>` (Anthropic base URL, Azure endpoint). */
  url: string;
  /** `${url}/v1` (base URL for OpenAI-style providers). */
  openaiBaseUrl: string;
  port: number;
  requests: RecordedRequest[];
  /** Appends behaviours, consumed one per request in arrival order. */
  script(steps: ScriptStep[]): void;
  /** Scripted behaviours not consumed yet. */
  pending(): number;
  setRespond(hook: FakeLlmServerOptions['respond']): void;
  setUsage(usage: UsageSetting): void;
  setLatency(ms: number): void;
  /** Requests per wire format, and in total. */
  counts(): Record<WireFormat | 'total', number>;
  /** Where a secret appears outside the auth headers ("request 2 body", …); empty when nowhere. */
  secretLeaks(secret: string): string[];
  /** Resolves once at least n requests have arrived. */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  /** Clears requests, script, hook and usage override. */
  reset(): void;
  /** Simulates a crash: every open connection is destroyed at once, new ones are refused. */
  kill(): Promise<void>;
  /** Same as kill (teardown must never wait for a slow scripted answer). */
  close(): Promise<void>;
}
