import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { encodeChat } from 'gpt-tokenizer/model/gpt-4o';
import { describe, expect, it } from 'vitest';
import {
  countMessagesTokens,
  countRequestTokens,
  countTokens,
  encodingForModel,
  estimateFactor,
} from '../../src/cost/count-tokens.js';
import type { ChatMessage, ResponseSchema } from '../../src/llm/types.js';

const messages: ChatMessage[] = [
  { role: 'system', content: 'You write concise descriptions of dbt model columns.' },
  { role: 'user', content: 'Model: stg_orders\nSQL:\nselect id as order_id, amount from raw.orders\nColumns: order_id, amount' },
];

const schema: ResponseSchema = {
  name: 'columns',
  schema: {
    type: 'object',
    properties: { columns: { type: 'object', properties: { order_id: { type: 'string' }, amount: { type: 'string' } } } },
    required: ['columns'],
    additionalProperties: false,
  },
};

describe('encodingForModel', () => {
  it('picks o200k_base for current OpenAI models and cl100k_base for older ones', () => {
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1-nano', 'gpt-5', 'o1', 'o3-mini', 'o4-mini', 'chatgpt-4o-latest', 'openai/gpt-4o']) {
      expect(encodingForModel(model), model).toBe('o200k_base');
    }
    for (const model of ['gpt-4', 'gpt-4-turbo', 'gpt-4-0613', 'gpt-3.5-turbo', 'gpt-35-turbo', 'text-embedding-3-small']) {
      expect(encodingForModel(model), model).toBe('cl100k_base');
    }
  });

  it('estimates other makers with o200k_base', () => {
    for (const model of ['claude-3-5-haiku-latest', 'gemini-2.0-flash', 'llama3.1:8b', undefined]) {
      expect(encodingForModel(model)).toBe('o200k_base');
    }
  });
});

describe('countTokens', () => {
  it('counts with the model encoding', () => {
    expect(countTokens('', 'gpt-4o')).toBe(0);
    expect(countTokens('hello world', 'gpt-4o')).toBe(2);
    expect(countTokens('hello world', 'gpt-4')).toBe(2);
    const text = 'Kundennummer (clé client) — 顧客ID; select sum(amount) from {{ ref("orders") }}';
    expect(countTokens(text, 'gpt-4o')).toBe(o200k.countTokens(text));
    expect(countTokens(text, 'gpt-3.5-turbo')).toBe(cl100k.countTokens(text));
    expect(o200k.countTokens(text)).not.toBe(cl100k.countTokens(text));
  });

  it('treats special-token text as plain text instead of throwing', () => {
    expect(countTokens('-- <|endoftext|> in a comment', 'gpt-4o')).toBeGreaterThan(5);
  });

  it('stays within sane bounds for English and SQL', () => {
    const text = 'The unique identifier of the customer who placed the order, as found in the CRM. '.repeat(50);
    const n = countTokens(text, 'gpt-4o-mini');
    expect(n).toBeGreaterThan(text.length / 6);
    expect(n).toBeLessThan(text.length / 2);
  });
});

describe('countMessagesTokens', () => {
  it("matches gpt-tokenizer's chat encoding for gpt-4o: 3 per message + role + content, + 3 reply priming", () => {
    expect(countMessagesTokens(messages, 'gpt-4o')).toBe(encodeChat(messages, 'gpt-4o').length);
    expect(countMessagesTokens([], 'gpt-4o')).toBe(3);
    expect(countMessagesTokens([{ role: 'user', content: 'hello world' }], 'gpt-4o')).toBe(3 + 1 + 2 + 3);
  });
});

describe('countRequestTokens', () => {
  it('adds the schema, which is sent and billed as input', () => {
    const withSchema = countRequestTokens({ messages, responseSchema: schema }, 'gpt-4o-mini');
    const without = countRequestTokens({ messages }, 'gpt-4o-mini');
    expect(without).toBe(countMessagesTokens(messages, 'gpt-4o-mini'));
    expect(withSchema - without).toBe(
      countTokens(schema.name, 'gpt-4o-mini') + countTokens(JSON.stringify(schema.schema), 'gpt-4o-mini'),
    );
  });

  it('estimates high for models whose tokenizer is not available, plus the Anthropic tool prompt', () => {
    const base = countMessagesTokens(messages);
    expect(estimateFactor('gpt-4o')).toBe(1);
    expect(countRequestTokens({ messages }, 'gemini-2.0-flash')).toBe(Math.ceil(base * estimateFactor('gemini-2.0-flash')));
    expect(countRequestTokens({ messages }, 'claude-3-5-haiku-latest')).toBeGreaterThan(base * 1.3);
    const claudeSchema =
      countRequestTokens({ messages, responseSchema: schema }, 'claude-3-5-haiku-latest') -
      countRequestTokens({ messages }, 'claude-3-5-haiku-latest');
    expect(claudeSchema).toBeGreaterThan(313);
  });
});
