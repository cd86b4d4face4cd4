import { createRequire } from 'node:module';
import type { ModelPrice } from '@pydantic/genai-prices';
import type { PriceOverride } from '../config/types.js';
import type { ProviderName, Usage } from '../llm/types.js';

/** USD per million tokens, and where the numbers came from (shown in dry-run and stats). */
export interface PriceInfo {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Input read from the provider's prompt cache; undefined: billed at `inputPerMTok`. */
  cachedInputPerMTok?: number;
  /** Input written to the prompt cache (Anthropic: 1.25x input); undefined: billed at `inputPerMTok`. */
  cacheWritePerMTok?: number;
  source: 'override' | 'genai-prices' | 'local';
}

/**
 * Our provider names → genai-prices provider ids. Azure's entry falls back to OpenAI's models,
 * so a deployment named after its model is priced. `openai-compatible` gateways have no id of
 * their own: the model name decides (genai-prices matches "gpt-…", "claude-…", "llama-…" to
 * their makers; "maker/model" is looked up in the maker's table), and a gateway with its own
 * rates needs an override.
 */
const GENAI_PRICES_PROVIDER: Record<ProviderName, string | undefined> = {
  openai: 'openai',
  'azure-openai': 'azure',
  anthropic: 'anthropic',
  // genai-prices files Bedrock under "aws"; it matches "us."/"eu." inference profiles to the model.
  bedrock: 'aws',
  'google-gemini': 'google',
  'openai-compatible': undefined,
  ollama: undefined,
  'lm-studio': undefined,
};

/**
 * Ollama and LM Studio run the model on the user's machine: no provider bills for the tokens,
 * so the price is a known 0, not an unknown one.
 */
const LOCAL_PROVIDERS: ReadonlySet<ProviderName> = new Set(['ollama', 'lm-studio']);

/**
 * The price of `model` at `provider`: a config override (by model id) first, then local models,
 * then the genai-prices table. Undefined when nobody knows — never 0 — so a budget can refuse
 * to run instead of treating an unknown price as free.
 *
 * Tiered prices (e.g. Claude Sonnet 4.5 and Gemini 2.5 Pro above 200k input tokens) are read at
 * their base tier; our prompts are bounded far below those thresholds. The table's cached-input
 * (cache read) and cache-write prices come along, for input the provider reports as cached.
 */
export function lookupPrice(
  provider: ProviderName,
  model: string,
  overrides?: Record<string, PriceOverride>,
): PriceInfo | undefined {
  const override =
    overrides !== undefined && Object.hasOwn(overrides, model) ? overrides[model] : undefined;
  // The override is the model's whole price: cache prices it leaves out are not the table's.
  if (override !== undefined) return { ...override, source: 'override' };
  if (LOCAL_PROVIDERS.has(provider)) return { inputPerMTok: 0, outputPerMTok: 0, source: 'local' };

  let found: ModelPrice | undefined;
  try {
    found = findModelPrice(provider, model);
  } catch {
    // A malformed table entry is as good as no entry: unknown, not free.
    return undefined;
  }
  if (found === undefined) return undefined;
  const input = baseRate(found, 'input_mtok');
  const output = baseRate(found, 'output_mtok');
  if (input === undefined || output === undefined) return undefined;
  const cachedInput = baseRate(found, 'cache_read_mtok');
  const cacheWrite = baseRate(found, 'cache_write_mtok');
  return {
    inputPerMTok: input,
    outputPerMTok: output,
    ...(cachedInput === undefined ? {} : { cachedInputPerMTok: cachedInput }),
    ...(cacheWrite === undefined ? {} : { cacheWritePerMTok: cacheWrite }),
    source: 'genai-prices',
  };
}

/**
 * USD for the tokens a response reported: input read from the prompt cache at the cached-input
 * price, input written to it at the cache-write price, the rest at the input price.
 */
export function costUsd(usage: Usage, price: PriceInfo): number {
  const cached = usage.cachedInputTokens ?? 0;
  const written = usage.cacheWriteInputTokens ?? 0;
  const plain = Math.max(0, usage.inputTokens - cached - written);
  const usd =
    plain * price.inputPerMTok +
    cached * (price.cachedInputPerMTok ?? price.inputPerMTok) +
    written * (price.cacheWritePerMTok ?? price.inputPerMTok) +
    usage.outputTokens * price.outputPerMTok;
  return usd / 1_000_000;
}

// The price table is loaded on first lookup (tens of ms): a run that makes no paid call never needs it.
const require = createRequire(import.meta.url);
let table: typeof import('@pydantic/genai-prices') | undefined;
function calcPrice(...args: Parameters<typeof import('@pydantic/genai-prices').calcPrice>): ReturnType<typeof import('@pydantic/genai-prices').calcPrice> {
  table ??= require('@pydantic/genai-prices') as typeof import('@pydantic/genai-prices');
  return table.calcPrice(...args);
}

function findModelPrice(provider: ProviderName, model: string): ModelPrice | undefined {
  const none = { input_tokens: 0, output_tokens: 0 };
  const providerId = GENAI_PRICES_PROVIDER[provider];
  // A Bedrock model may be named by its ARN (…:foundation-model/<id>, …:inference-profile/<id>).
  if (provider === 'bedrock') model = model.replace(/^arn:[^/]*\//, '');
  if (providerId !== undefined) return calcPrice(none, model, { providerId })?.model_price;
  const byModel = calcPrice(none, model);
  if (byModel !== null) return byModel.model_price;
  // Gateways (OpenRouter, LiteLLM) name models "openai/gpt-4o-mini": try the maker's table.
  const slash = model.indexOf('/');
  if (slash <= 0) return undefined;
  const providerOfModel = model.slice(0, slash);
  return calcPrice(none, model.slice(slash + 1), { providerId: providerOfModel })?.model_price;
}

function baseRate(
  prices: ModelPrice,
  key: 'input_mtok' | 'output_mtok' | 'cache_read_mtok' | 'cache_write_mtok',
): number | undefined {
  const rate = prices[key];
  if (typeof rate === 'number') return rate;
  // TieredPrices: `base` applies below the first tier's start.
  if (rate !== undefined && typeof rate.base === 'number') return rate.base;
  return undefined;
}
