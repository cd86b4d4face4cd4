import { describe, expect, it } from 'vitest';
import { PROVIDER_NAMES } from '../../src/llm/types.js';
import { costUsd, lookupPrice } from '../../src/cost/prices.js';

// The table's cache prices come along; these tests are about the input and output rates.
const price = (inputPerMTok: number, outputPerMTok: number) =>
  expect.objectContaining({ inputPerMTok, outputPerMTok, source: 'genai-prices' });

describe('lookupPrice', () => {
  it('reads OpenAI, Anthropic and Gemini prices from genai-prices (USD per million tokens)', () => {
    expect(lookupPrice('openai', 'gpt-4o-mini')).toEqual(price(0.15, 0.6));
    expect(lookupPrice('anthropic', 'claude-3-5-haiku-latest')).toEqual(price(0.8, 4));
    expect(lookupPrice('anthropic', 'claude-3-5-haiku-20241022')).toEqual(price(0.8, 4));
    expect(lookupPrice('anthropic', 'claude-sonnet-4-20250514')).toEqual(price(3, 15));
    expect(lookupPrice('google-gemini', 'gemini-2.0-flash')).toEqual(price(0.1, 0.4));
  });

  it('takes the base tier of tiered prices', () => {
    // Claude Sonnet 4.5 costs more above 200k input tokens; our prompts stay far below that.
    expect(lookupPrice('anthropic', 'claude-sonnet-4-5')).toEqual(price(3, 15));
    expect(lookupPrice('google-gemini', 'gemini-2.5-pro')).toEqual(price(1.25, 10));
  });

  it('prices Bedrock model ids, inference profiles and ARNs from the table\'s AWS entries', () => {
    expect(lookupPrice('bedrock', 'anthropic.claude-3-5-haiku-20241022-v1:0')).toEqual(price(0.8, 4));
    expect(lookupPrice('bedrock', 'us.anthropic.claude-3-5-haiku-20241022-v1:0')).toEqual(price(0.8, 4));
    expect(lookupPrice('bedrock', 'eu.anthropic.claude-3-7-sonnet-20250219-v1:0')).toEqual(price(3, 15));
    expect(lookupPrice('bedrock', 'amazon.nova-lite-v1:0')).toEqual(price(0.06, 0.24));
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0';
    expect(lookupPrice('bedrock', arn)).toEqual(price(0.8, 4));
  });

  it('prices Azure deployments named after their model like OpenAI does', () => {
    expect(lookupPrice('azure-openai', 'gpt-4o-mini')).toEqual(price(0.15, 0.6));
  });

  it('prices openai-compatible gateways by model name, also as "maker/model"', () => {
    expect(lookupPrice('openai-compatible', 'gpt-4o-mini')).toEqual(price(0.15, 0.6));
    expect(lookupPrice('openai-compatible', 'openai/gpt-4o-mini')).toEqual(price(0.15, 0.6));
    expect(lookupPrice('openai-compatible', 'anthropic/claude-3-5-haiku-latest')).toEqual(price(0.8, 4));
  });

  it('returns undefined, never 0, for an unknown model', () => {
    for (const provider of PROVIDER_NAMES) {
      if (provider === 'ollama' || provider === 'lm-studio') continue;
      expect(lookupPrice(provider, 'my-private-finetune-7b'), provider).toBeUndefined();
    }
    expect(lookupPrice('openai-compatible', 'nobody-knows/this-model')).toBeUndefined();
    expect(lookupPrice('azure-openai', 'my-deployment')).toBeUndefined();
  });

  it('prices local providers at a known 0', () => {
    expect(lookupPrice('ollama', 'llama3.1:8b')).toEqual({ inputPerMTok: 0, outputPerMTok: 0, source: 'local' });
    expect(lookupPrice('lm-studio', 'qwen2.5-7b-instruct')).toEqual({ inputPerMTok: 0, outputPerMTok: 0, source: 'local' });
  });

  it('lets a config override win, by model id', () => {
    const overrides = {
      'gpt-4o-mini': { inputPerMTok: 1, outputPerMTok: 2 },
      'my-model': { inputPerMTok: 0.5, outputPerMTok: 1.5 },
    };
    expect(lookupPrice('openai', 'gpt-4o-mini', overrides)).toEqual({ inputPerMTok: 1, outputPerMTok: 2, source: 'override' });
    expect(lookupPrice('openai-compatible', 'my-model', overrides)).toEqual({ inputPerMTok: 0.5, outputPerMTok: 1.5, source: 'override' });
    expect(lookupPrice('openai', 'gpt-4o', overrides)).toMatchObject({ source: 'genai-prices' });
  });

  it('does not mistake inherited object properties for overrides', () => {
    expect(lookupPrice('openai-compatible', 'constructor', {})).toBeUndefined();
    expect(lookupPrice('openai-compatible', 'toString', {})).toBeUndefined();
  });
});

describe('cached-input prices', () => {
  it('come from the table: OpenAI cached input, Anthropic and Bedrock cache reads and writes', () => {
    expect(lookupPrice('openai', 'gpt-4o-mini')).toEqual({ inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.075, source: 'genai-prices' });
    expect(lookupPrice('anthropic', 'claude-sonnet-4-20250514')).toMatchObject({ inputPerMTok: 3, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75 });
    expect(lookupPrice('bedrock', 'us.anthropic.claude-3-5-haiku-20241022-v1:0')).toMatchObject({ cachedInputPerMTok: 0.08, cacheWritePerMTok: 1 });
    expect(lookupPrice('ollama', 'llama3.1')?.cachedInputPerMTok).toBeUndefined();
  });

  it('cost cached input at the cached price, cache writes at the write price, the rest at the input price', () => {
    const sonnet = lookupPrice('anthropic', 'claude-sonnet-4-20250514')!;
    const usage = { inputTokens: 1_000_000, outputTokens: 0, cachedInputTokens: 600_000, cacheWriteInputTokens: 100_000 };
    expect(costUsd(usage, sonnet)).toBeCloseTo(0.3 * 3 + 0.6 * 0.3 + 0.1 * 3.75, 12);
    // Without cache prices (an override), every input token is billed at the input price.
    const override = { inputPerMTok: 2, outputPerMTok: 4, source: 'override' as const };
    expect(costUsd(usage, override)).toBeCloseTo(2, 12);
  });
});

describe('costUsd', () => {
  it('multiplies reported tokens by the per-million prices', () => {
    const price = lookupPrice('openai', 'gpt-4o-mini')!;
    expect(costUsd({ inputTokens: 1_000_000, outputTokens: 1_000_000 }, price)).toBeCloseTo(0.75, 12);
    expect(costUsd({ inputTokens: 1000, outputTokens: 100 }, price)).toBeCloseTo(0.00021, 12);
    expect(costUsd({ inputTokens: 0, outputTokens: 0 }, price)).toBe(0);
    expect(costUsd({ inputTokens: 5000, outputTokens: 500 }, lookupPrice('ollama', 'llama3.1')!)).toBe(0);
  });
});
