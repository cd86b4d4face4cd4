/**
 * Batch prices. OpenAI's Batch API and Anthropic's Message Batches both bill every token at half
 * the synchronous price, so the dry run, the budget and the report use the price table's numbers
 * halved (a `prices:` override is taken as the synchronous price too).
 */
import type { PriceInfo } from './prices.js';

export const BATCH_DISCOUNT = 0.5;

export function atBatchRate(price: PriceInfo): PriceInfo {
  return { ...price, inputPerMTok: price.inputPerMTok * BATCH_DISCOUNT, outputPerMTok: price.outputPerMTok * BATCH_DISCOUNT };
}
