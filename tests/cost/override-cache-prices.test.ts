/**
 * A `prices:` override's cache prices: it replaces the model's whole price (the table's cache
 * prices do not leak in), its cached and cache-write prices bill the usage a provider reports,
 * they are halved at batch rates, the budget reserves at the dearest input rate, and the dry run
 * says which rate it used and why.
 */
import { describe, expect, it } from 'vitest';
import { costUsd, lookupPrice } from '../../src/cost/prices.js';
import { atBatchRate } from '../../src/cost/batch-price.js';
import { estimateCallUsd } from '../../src/cost/budget.js';
import { describePromptCacheAssumption, priceForRequests } from '../../src/cost/prompt-caching.js';

const usage = { inputTokens: 1_000_000, outputTokens: 100_000, cachedInputTokens: 600_000, cacheWriteInputTokens: 100_000 };

describe('an override with cache prices', () => {
  it('replaces the whole table price: given cache prices are used, missing ones are not taken from the table', () => {
    const full = { 'claude-sonnet-4-20250514': { inputPerMTok: 2, outputPerMTok: 10, cachedInputPerMTok: 0.2, cacheWritePerMTok: 2.5 } };
    expect(lookupPrice('anthropic', 'claude-sonnet-4-20250514', full)).toEqual({ ...full['claude-sonnet-4-20250514'], source: 'override' });
    // The table knows gpt-4o-mini's cached price (0.075); an override without one does not keep it.
    expect(lookupPrice('openai', 'gpt-4o-mini')?.cachedInputPerMTok).toBe(0.075);
    const bare = lookupPrice('openai', 'gpt-4o-mini', { 'gpt-4o-mini': { inputPerMTok: 0.2, outputPerMTok: 0.8 } });
    expect(bare).toEqual({ inputPerMTok: 0.2, outputPerMTok: 0.8, source: 'override' });
  });

  it('bills reported cached input and cache writes at its prices, the rest at its input price', () => {
    const price = lookupPrice('openai-compatible', 'my-model', { 'my-model': { inputPerMTok: 2, outputPerMTok: 10, cachedInputPerMTok: 0.2, cacheWritePerMTok: 2.5 } })!;
    expect(costUsd(usage, price)).toBeCloseTo(0.3 * 2 + 0.6 * 0.2 + 0.1 * 2.5 + 0.1 * 10, 12);
    const bare = lookupPrice('openai-compatible', 'my-model', { 'my-model': { inputPerMTok: 2, outputPerMTok: 10 } })!;
    expect(costUsd(usage, bare)).toBeCloseTo(1 * 2 + 0.1 * 10, 12);
  });

  it('is halved at batch rates, cache prices included', () => {
    const price = lookupPrice('openai', 'm', { m: { inputPerMTok: 2, outputPerMTok: 10, cachedInputPerMTok: 0.2, cacheWritePerMTok: 2.5 } })!;
    expect(atBatchRate(price)).toEqual({ inputPerMTok: 1, outputPerMTok: 5, cachedInputPerMTok: 0.1, cacheWritePerMTok: 1.25, source: 'override' });
    expect(costUsd(usage, atBatchRate(price))).toBeCloseTo(costUsd(usage, price) / 2, 12);
    expect(atBatchRate(lookupPrice('openai', 'm', { m: { inputPerMTok: 2, outputPerMTok: 10 } })!)).toEqual({ inputPerMTok: 1, outputPerMTok: 5, source: 'override' });
  });
});

describe('the budget reserves input at its dearest rate', () => {
  it('a cache-write price above the input price is what a call may cost, and the reservation covers it', () => {
    const price = { inputPerMTok: 2, outputPerMTok: 10, cachedInputPerMTok: 0.2, cacheWritePerMTok: 2.5, source: 'override' as const };
    expect(estimateCallUsd(1_000_000, 0, price)).toBeCloseTo(2.5, 12);
    // Every input token written to the cache: the worst an honest provider can bill.
    const allWritten = { inputTokens: 1_000_000, outputTokens: 200, cacheWriteInputTokens: 1_000_000 };
    expect(costUsd(allWritten, price)).toBeLessThanOrEqual(estimateCallUsd(1_000_000, 200, price));
    // Without cache prices, or with cheaper ones, it is the input price as before.
    expect(estimateCallUsd(1_000_000, 0, { inputPerMTok: 2, outputPerMTok: 10, cachedInputPerMTok: 0.2, source: 'override' })).toBeCloseTo(2, 12);
  });

  it('reserves for cache writes only where requests write a cache (Anthropic), not on OpenAI or Bedrock', () => {
    const price = { inputPerMTok: 2, outputPerMTok: 10, cachedInputPerMTok: 0.2, cacheWritePerMTok: 2.5, source: 'override' as const };
    expect(priceForRequests('anthropic', 'my-claude', price)).toEqual(price);
    const { cacheWritePerMTok: _write, ...noWrites } = price;
    expect(priceForRequests('openai', 'my-gpt', price)).toEqual(noWrites);
    // Bedrock: the table has Claude's cache-write price, but osmosis-ts sends no cache points.
    const bedrock = lookupPrice('bedrock', 'us.anthropic.claude-3-5-haiku-20241022-v1:0')!;
    expect(bedrock.cacheWritePerMTok).toBe(1);
    expect(estimateCallUsd(1_000_000, 0, priceForRequests('bedrock', 'us.anthropic.claude-3-5-haiku-20241022-v1:0', bedrock))).toBeCloseTo(0.8, 12);
  });
});

describe("the dry run's prompt-cache assumption", () => {
  it("names the override's cache prices", () => {
    const price = { inputPerMTok: 2, outputPerMTok: 10, cachedInputPerMTok: 0.2, cacheWritePerMTok: 2.5, source: 'override' as const };
    expect(describePromptCacheAssumption('anthropic', 'my-claude', price, 5000)).toMatch(/5000 input tokens are assumed read from the cache .* Cached input is priced at \$0\.2\/M, cache writes at \$2\.5\/M\.$/);
    expect(describePromptCacheAssumption('openai', 'my-gpt', price, 0)).toMatch(/Cached input is priced at \$0\.2\/M\.$/);
  });

  it('says when cached input falls back to the input price, and why', () => {
    const bare = { inputPerMTok: 2, outputPerMTok: 10, source: 'override' as const };
    expect(describePromptCacheAssumption('openai', 'my-gpt', bare, 0)).toMatch(
      /Cached input is priced at the input price, \$2\/M \(the prices: override for my-gpt gives no cached_input_per_mtok\)\.$/,
    );
    expect(describePromptCacheAssumption('anthropic', 'my-claude', { ...bare, cachedInputPerMTok: 0.2 }, 0)).toMatch(
      /Cached input is priced at \$0\.2\/M, cache writes at the input price, \$2\/M \(the prices: override for my-claude gives no cache_write_per_mtok\)\.$/,
    );
    expect(describePromptCacheAssumption('azure-openai', 'my-deployment', { ...bare, source: 'genai-prices' }, 0)).toMatch(
      /at the input price, \$2\/M \(the price table has no cached-input price for my-deployment\)\.$/,
    );
  });
});
