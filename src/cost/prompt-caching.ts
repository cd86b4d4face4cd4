/**
 * Which providers serve a repeated prompt prefix from a cache, and from what length. The requests
 * for one node share their system text and the node's context (build-request.ts puts the ask
 * last), so from the second request on, a caching provider bills that prefix at its cached-input
 * price. The dry run estimates with these rules, and synthesis lets a node's first request finish
 * before the others start, so they find the prefix cached.
 */
import type { ProviderName } from '../llm/types.js';
import type { PriceInfo } from './prices.js';

export interface PromptCacheRule {
  /** Shortest prefix the provider caches, in tokens. */
  minPrefixTokens: number;
  /** Cached tokens are counted in steps of this many beyond the minimum (1: exactly). */
  stepTokens: number;
  /** The first request writes the prefix (billed at the cache-write price, above the input price). */
  writesOnFirstUse: boolean;
  /** One sentence for the dry run's assumptions. */
  description: string;
}

const OPENAI_RULE: PromptCacheRule = {
  minPrefixTokens: 1024,
  stepTokens: 128,
  writesOnFirstUse: false,
  description: 'caches prompt prefixes of 1,024 tokens or more by itself, in steps of 128 tokens',
};

/**
 * The rule for a provider and model; undefined where we assume no caching: Gemini's implicit
 * caching is not guaranteed, local servers bill nothing, and Bedrock requests carry no cache points.
 */
export function promptCacheRule(provider: ProviderName, model: string): PromptCacheRule | undefined {
  if (provider === 'openai' || provider === 'azure-openai') return OPENAI_RULE;
  if (provider !== 'anthropic') return undefined;
  // Anthropic's minimum cacheable prompt: 2,048 tokens on Haiku models, 1,024 on the others.
  const minPrefixTokens = /haiku/i.test(model) ? 2048 : 1024;
  return {
    minPrefixTokens,
    stepTokens: 1,
    writesOnFirstUse: true,
    description: `caches the prefix marked with cache_control when it has ${minPrefixTokens.toLocaleString('en-US')} tokens or more; the first request writes it`,
  };
}

/**
 * The price as osmosis-ts's requests can be billed: without the cache-write price where they never
 * write a cache (OpenAI-style caches bill no writes; Bedrock requests carry no cache points), so
 * the budget, which reserves input at its dearest rate, does not reserve for writes that cannot
 * happen.
 */
export function priceForRequests(provider: ProviderName, model: string, price: PriceInfo): PriceInfo {
  if (price.cacheWritePerMTok === undefined || promptCacheRule(provider, model)?.writesOnFirstUse === true) return price;
  const { cacheWritePerMTok: _unused, ...rest } = price;
  return rest;
}

/** Tokens of a shared prefix of `prefixTokens` that the provider serves from its cache. */
export function cachedPrefixTokens(rule: PromptCacheRule, prefixTokens: number): number {
  if (prefixTokens < rule.minPrefixTokens) return 0;
  const beyond = prefixTokens - rule.minPrefixTokens;
  return rule.minPrefixTokens + Math.floor(beyond / rule.stepTokens) * rule.stepTokens;
}

/** What the plan assumed about the provider's prompt cache, in one sentence. */
export function describePromptCacheAssumption(provider: ProviderName, model: string, price: PriceInfo | undefined, cachedTokens: number): string {
  const rule = promptCacheRule(provider, model);
  if (rule === undefined) return `Prompt caching: none assumed for ${provider}; every input token is priced at the input price.`;
  const rates = price === undefined
    ? ''
    : ` Cached input is priced at ${describeRate(price, 'cachedInputPerMTok', model)}` +
      (rule.writesOnFirstUse ? `, cache writes at ${describeRate(price, 'cacheWritePerMTok', model)}.` : '.');
  return `Prompt caching: ${provider} ${rule.description}. A node's requests share the system text and the node's context, and its first request finishes before the others start, so ${cachedTokens} input tokens are assumed read from the cache (within its 5-minute lifetime).${rates}`;
}

const RATE_NAMES = {
  cachedInputPerMTok: { key: 'cached_input_per_mtok', what: 'cached-input' },
  cacheWritePerMTok: { key: 'cache_write_per_mtok', what: 'cache-write' },
} as const;

/** A cache rate, or the input price it falls back to and why (a user who set an override should see it was read whole). */
function describeRate(price: PriceInfo, rate: keyof typeof RATE_NAMES, model: string): string {
  const value = price[rate];
  if (value !== undefined) return `$${value}/M`;
  const { key, what } = RATE_NAMES[rate];
  const why = price.source === 'override' ? `the prices: override for ${model} gives no ${key}` : `the price table has no ${what} price for ${model}`;
  return `the input price, $${price.inputPerMTok}/M (${why})`;
}
