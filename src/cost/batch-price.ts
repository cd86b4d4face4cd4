/**
 * Batch prices. OpenAI's Batch API and Anthropic's Message Batches both bill every token at half
 * the synchronous price (cached and cache-write input too), so the dry run, the budget and the
 * report use the price table's numbers halved (a `prices:` override is taken as the synchronous
 * price too).
 */
import type { PriceInfo } from './prices.js';

export const BATCH_DISCOUNT = 0.5;

export function atBatchRate(price: PriceInfo): PriceInfo {
  const half = (n: number | undefined): number | undefined => (n === undefined ? undefined : n * BATCH_DISCOUNT);
  const cached = half(price.cachedInputPerMTok);
  const write = half(price.cacheWritePerMTok);
  return {
    ...price,
    inputPerMTok: price.inputPerMTok * BATCH_DISCOUNT,
    outputPerMTok: price.outputPerMTok * BATCH_DISCOUNT,
    ...(cached === undefined ? {} : { cachedInputPerMTok: cached }),
    ...(write === undefined ? {} : { cacheWritePerMTok: write }),
  };
}
