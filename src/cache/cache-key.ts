import { createHash } from 'node:crypto';
import type { ChatMessage, ProviderName, ResponseSchema } from '../llm/types.js';

/**
 * Bump when the meaning of a cached answer changes (prompt shape, stored value shape): every old
 * key then misses instead of returning an answer made for different rules.
 */
export const CACHE_KEY_VERSION = 1;

/** Everything that decides what a model answers. Deliberately has no field for a key or token. */
export interface CacheKeyInput {
  provider: ProviderName;
  model: string;
  baseUrl: string;
  messages: ChatMessage[];
  temperature?: number;
  maxOutputTokens: number;
  responseSchema?: ResponseSchema;
}

/**
 * sha256 (hex) of a canonical JSON of the request. Fields are picked one by one, so an object that
 * happens to carry more (an `apiKey`, a signal) can never leak it into the key.
 */
export function cacheKey(input: CacheKeyInput): string {
  const canonical = canonicalJson({
    v: CACHE_KEY_VERSION,
    provider: input.provider,
    model: input.model,
    // "https://x/v1" and "https://x/v1/" are the same endpoint.
    baseUrl: input.baseUrl.replace(/\/+$/, ''),
    messages: input.messages.map((m) => ({ role: m.role, content: m.content })),
    temperature: input.temperature,
    maxOutputTokens: input.maxOutputTokens,
    responseSchema:
      input.responseSchema === undefined
        ? undefined
        : { name: input.responseSchema.name, schema: input.responseSchema.schema },
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * JSON with object keys sorted at every depth and no whitespace. Object properties that are
 * `undefined` are left out (as JSON.stringify does); array order is kept because it carries
 * meaning (messages, `required`). Values JSON cannot represent faithfully are refused rather than
 * silently turned into `null`.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not valid JSON`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
      }
      const record = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of Object.keys(record).sort()) {
        const item = record[key];
        if (item === undefined) continue;
        parts.push(`${JSON.stringify(key)}:${canonicalJson(item)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not valid JSON`);
  }
}
