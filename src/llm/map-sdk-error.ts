/**
 * Turns whatever an official SDK throws into an `LlmError` that knows its kind and whether a retry
 * can help. The SDK classes are passed in by the provider that loaded the SDK, so this module never
 * imports an SDK itself. Messages name the provider and (for auth/quota) the key's variable, and
 * are redacted: they never carry the key. The SDK error is not kept as `cause`, because its
 * message may echo a key.
 */
import { parseRetryAfter, type HeaderReader } from './parse-retry-after.js';
import { describeProvider } from './provider-labels.js';
import { redactSecrets } from './redact.js';
import { LlmError, type LlmErrorKind, type ProviderName } from './types.js';

type ErrorClass = abstract new (...args: never[]) => Error;

/** The error classes both `openai` and `@anthropic-ai/sdk` export under these names. */
export interface SdkErrorClasses {
  APIError: ErrorClass;
  APIConnectionError: ErrorClass;
  APIConnectionTimeoutError: ErrorClass;
  APIUserAbortError: ErrorClass;
}

export interface ErrorContext {
  provider: ProviderName;
  baseUrl: string;
  apiKeyVariable?: string;
  /** Every secret that must not appear in a message (the API key). */
  secrets: readonly (string | undefined)[];
  timeoutSeconds?: number;
  /** The caller's signal: tells a timeout abort from a cancellation. */
  signal?: AbortSignal;
}

interface ApiErrorShape {
  status?: number;
  headers?: HeaderReader;
  error?: unknown;
  message: string;
}

const QUOTA_WORDS = /billing|credit balance|out of credit|credits/i;
const MAX_DETAIL = 400;

export function mapSdkError(error: unknown, sdk: SdkErrorClasses, ctx: ErrorContext): LlmError {
  if (error instanceof LlmError) return error;
  const who = describeProvider(ctx.provider);
  const make = (kind: LlmErrorKind, text: string, extra: { status?: number; retryAfterSeconds?: number } = {}) =>
    new LlmError(redactSecrets(text, ctx.secrets), { kind, ...extra });

  if (error instanceof sdk.APIConnectionTimeoutError) {
    return make('timeout', `${who}: no answer from ${ctx.baseUrl} within ${timeoutText(ctx)} (request timed out)`);
  }
  if (error instanceof sdk.APIUserAbortError) {
    const reason: unknown = ctx.signal?.reason;
    if (reason instanceof Error && reason.name === 'TimeoutError') {
      return make('timeout', `${who}: request to ${ctx.baseUrl} timed out (aborted by the caller's deadline)`);
    }
    return make('connection', `${who}: request to ${ctx.baseUrl} was cancelled`);
  }
  if (error instanceof sdk.APIConnectionError) {
    return make('connection', `${who}: could not reach ${ctx.baseUrl}: ${causeChain(error)}`);
  }
  if (error instanceof sdk.APIError) {
    const api = error as ApiErrorShape;
    if (typeof api.status === 'number') return mapStatus(api, api.status, ctx, who, make);
    return make('connection', `${who}: ${clip(api.message)}`);
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return make('timeout', `${who}: request to ${ctx.baseUrl} timed out`);
  }
  const text = error instanceof Error ? causeChain(error) : String(error);
  if (/terminated|socket|ECONN|EPIPE|other side closed/i.test(text)) {
    return make('connection', `${who}: connection to ${ctx.baseUrl} broke: ${text}`);
  }
  return make('bad-response', `${who}: unreadable answer from ${ctx.baseUrl}: ${text}`);
}

function mapStatus(
  api: ApiErrorShape,
  status: number,
  ctx: ErrorContext,
  who: string,
  make: (kind: LlmErrorKind, text: string, extra?: { status?: number; retryAfterSeconds?: number }) => LlmError,
): LlmError {
  const detail = clip(api.message.replace(/^\d{3}\s+/, ''));
  const body = safeJson(api.error);
  const variable = ctx.apiKeyVariable ?? 'the API key setting';
  if (status === 402 || ([400, 403, 429].includes(status) && saysQuota(ctx.provider, `${body} ${detail}`))) {
    return make(
      'quota',
      `${who}: out of quota or credit (HTTP ${status}): ${detail}. Check the plan and billing of the account whose key is in ${variable}.`,
      { status },
    );
  }
  if (status === 401 || status === 403) {
    const what = status === 401 ? 'authentication failed' : 'permission denied';
    return make('auth', `${who}: ${what} (HTTP ${status}): ${detail}. Check ${variable}.`, { status });
  }
  const retryAfterSeconds = parseRetryAfter(api.headers);
  const extra = retryAfterSeconds === undefined ? { status } : { status, retryAfterSeconds };
  if (status === 429) {
    const wait = retryAfterSeconds === undefined ? '' : `, asked to retry after ${retryAfterSeconds}s`;
    return make('rate-limit', `${who}: rate limited (HTTP 429${wait}): ${detail}`, extra);
  }
  if (status === 408 || status === 409 || status >= 500) {
    return make('server', `${who}: server error (HTTP ${status}): ${detail}`, extra);
  }
  return make('bad-request', `${who}: request rejected (HTTP ${status}): ${detail}`, { status });
}

/**
 * Out of money rather than out of breath. Gemini words its per-minute 429s as "exceeded your
 * current quota … check your plan and billing", so for it only an explicit insufficient_quota
 * counts: a rate limit mistaken for quota would stop the whole run.
 */
function saysQuota(provider: ProviderName, text: string): boolean {
  if (/insufficient_quota/i.test(text)) return true;
  return provider !== 'google-gemini' && QUOTA_WORDS.test(text);
}

function timeoutText(ctx: ErrorContext): string {
  return ctx.timeoutSeconds === undefined ? 'the timeout' : `${ctx.timeoutSeconds}s`;
}

/** "fetch failed: other side closed (UND_ERR_SOCKET)": the useful part is usually deep down. */
export function causeChain(error: Error): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${current.message} (${code})` : current.message);
    current = current.cause;
  }
  return clip(parts.filter((p) => p.length > 0).join(': '));
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

export function clip(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}
