/**
 * The dry run's guess of what a provider's prompt cache serves: within one node, the first request
 * with a given shared prefix (the messages up to the cache breakpoint, and the answer schema, which
 * providers place before the messages) pays for it in full, or writes it where the provider bills
 * writes; every later request with the same prefix reads it at the cached-input price. Prefixes
 * under the provider's minimum are never cached.
 */
import { cachedPrefixTokens, type PromptCacheRule } from '../../cost/prompt-caching.js';
import type { ChatMessage, GenerateRequest, ResponseSchema, Usage } from '../../llm/types.js';

export type PromptCacheUsage = Pick<Usage, 'cachedInputTokens' | 'cacheWriteInputTokens'>;

/** The messages up to and including the last one marked as the end of a shared prefix. */
export function sharedPrefix(messages: readonly ChatMessage[]): ChatMessage[] | undefined {
  let end = -1;
  messages.forEach((m, i) => {
    if (m.cacheBreakpoint) end = i;
  });
  return end < 0 ? undefined : messages.slice(0, end + 1);
}

/** Tracks the prefixes one node's requests have sent; make one per node. */
export function nodePromptCache(
  rule: PromptCacheRule | undefined,
  countRequestTokens: (request: { messages: readonly ChatMessage[]; responseSchema?: ResponseSchema }) => number,
): (request: GenerateRequest) => PromptCacheUsage {
  const seen = new Set<string>();
  return (request) => {
    const prefix = rule === undefined ? undefined : sharedPrefix(request.messages);
    if (rule === undefined || prefix === undefined) return {};
    const schema = request.responseSchema;
    const tokens = cachedPrefixTokens(rule, countRequestTokens({ messages: prefix, ...(schema ? { responseSchema: schema } : {}) }));
    if (tokens === 0) return {};
    const key = JSON.stringify([prefix, schema ?? null]);
    if (seen.has(key)) return { cachedInputTokens: tokens };
    seen.add(key);
    return rule.writesOnFirstUse ? { cacheWriteInputTokens: tokens } : {};
  };
}
