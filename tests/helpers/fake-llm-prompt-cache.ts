/**
 * The fake server's prompt cache, as the providers describe theirs: OpenAI (and Azure) serve the
 * longest prefix of an earlier prompt by themselves, from `minTokens` on, in 128-token steps;
 * Anthropic serves only the prefix up to a `cache_control` block, writing it on first use.
 * Tokens are the fake's rough ones (characters / 4). Bedrock requests get no caching.
 */
import { isRecord } from './fake-llm-answers.js';
import type { RecordedBody, WireFormat } from './fake-llm-wire.js';

export interface FakePromptCacheUsage {
  cachedInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export function createFakePromptCache(minTokens: number): (format: WireFormat, body: RecordedBody | undefined, prompt: string) => FakePromptCacheUsage {
  const prompts: string[] = [];
  const written = new Set<string>();
  return (format, body, prompt) => {
    if (format === 'openai' || format === 'azure') {
      const shared = Math.max(0, ...prompts.map((p) => commonPrefixLength(p, prompt)));
      prompts.push(prompt);
      const tokens = Math.floor(shared / 4);
      if (tokens < minTokens) return {};
      return { cachedInputTokens: minTokens + Math.floor((tokens - minTokens) / 128) * 128 };
    }
    if (format !== 'anthropic') return {};
    const prefix = anthropicCachedPrefix(body);
    if (prefix === undefined || Math.floor(prefix.length / 4) < minTokens) return {};
    const tokens = Math.floor(prefix.length / 4);
    if (written.has(prefix)) return { cachedInputTokens: tokens };
    written.add(prefix);
    return { cacheWriteInputTokens: tokens };
  };
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** System text and message blocks up to the last block marked with cache_control. */
function anthropicCachedPrefix(body: RecordedBody | undefined): string | undefined {
  const parts: string[] = [typeof body?.system === 'string' ? body.system : ''];
  let marked: string | undefined;
  for (const message of body?.messages ?? []) {
    const blocks = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    if (!Array.isArray(blocks)) continue;
    for (const block of blocks) {
      if (isRecord(block) && typeof block['text'] === 'string') parts.push(block['text']);
      if (isRecord(block) && block['cache_control'] !== undefined) marked = parts.join('\n');
    }
  }
  return marked;
}
