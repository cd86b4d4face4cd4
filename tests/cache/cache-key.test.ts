import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cacheKey, canonicalJson, type CacheKeyInput } from '../../src/cache/cache-key.js';

const base: CacheKeyInput = {
  provider: 'openai',
  model: 'gpt-4o-mini',
  baseUrl: 'https://api.openai.com/v1',
  messages: [
    { role: 'system', content: 'You document dbt models.' },
    { role: 'user', content: 'Describe column order_id.' },
  ],
  temperature: 0.2,
  maxOutputTokens: 256,
  responseSchema: {
    name: 'column_description',
    schema: { type: 'object', properties: { description: { type: 'string' } }, required: ['description'] },
  },
};

describe('cacheKey', () => {
  it('is a sha256 hex digest and stable across calls', () => {
    const key = cacheKey(base);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey(structuredClone(base))).toBe(key);
  });

  it('pins the canonical form (a change here invalidates every cache: bump CACHE_KEY_VERSION)', () => {
    const canonical =
      '{"baseUrl":"https://api.openai.com/v1","maxOutputTokens":256,' +
      '"messages":[{"content":"You document dbt models.","role":"system"},' +
      '{"content":"Describe column order_id.","role":"user"}],"model":"gpt-4o-mini","provider":"openai",' +
      '"responseSchema":{"name":"column_description","schema":{"properties":{"description":{"type":"string"}},' +
      '"required":["description"],"type":"object"}},"temperature":0.2,"v":1}';
    expect(cacheKey(base)).toBe(createHash('sha256').update(canonical).digest('hex'));
  });

  it('does not depend on object key order, in the input or inside the schema', () => {
    const reordered: CacheKeyInput = {
      responseSchema: {
        schema: { required: ['description'], properties: { description: { type: 'string' } }, type: 'object' },
        name: 'column_description',
      },
      maxOutputTokens: 256,
      temperature: 0.2,
      messages: base.messages.map((m) => ({ content: m.content, role: m.role })),
      baseUrl: 'https://api.openai.com/v1',
      model: 'gpt-4o-mini',
      provider: 'openai',
    };
    expect(cacheKey(reordered)).toBe(cacheKey(base));
  });

  it('changes when any field changes', () => {
    const variants: CacheKeyInput[] = [
      { ...base, provider: 'azure-openai' },
      { ...base, model: 'gpt-4o' },
      { ...base, baseUrl: 'https://gateway.example.com/v1' },
      { ...base, messages: [...base.messages, { role: 'user', content: 'more' }] },
      { ...base, messages: [base.messages[1]!, base.messages[0]!] },
      { ...base, messages: [base.messages[0]!, { role: 'assistant', content: 'Describe column order_id.' }] },
      { ...base, messages: [base.messages[0]!, { role: 'user', content: 'Describe column order_id!' }] },
      { ...base, temperature: 0 },
      { ...base, temperature: undefined },
      { ...base, maxOutputTokens: 257 },
      { ...base, responseSchema: undefined },
      { ...base, responseSchema: { ...base.responseSchema!, name: 'other' } },
      { ...base, responseSchema: { name: 'column_description', schema: { type: 'object' } } },
      {
        ...base,
        responseSchema: {
          name: 'column_description',
          schema: { ...base.responseSchema!.schema, required: ['description', 'x'] },
        },
      },
    ];
    const keys = new Set(variants.map((v) => cacheKey(v)));
    keys.add(cacheKey(base));
    expect(keys.size).toBe(variants.length + 1);
  });

  it('treats a trailing slash on the base URL as the same endpoint', () => {
    expect(cacheKey({ ...base, baseUrl: 'https://api.openai.com/v1/' })).toBe(cacheKey(base));
  });

  it('never includes a secret: extra properties such as an API key do not reach the key', () => {
    const withSecrets = {
      ...base,
      apiKey: 'sk-secret',
      messages: base.messages.map((m) => ({ ...m, apiKey: 'sk-secret' })),
      signal: new AbortController().signal,
    };
    expect(cacheKey(withSecrets)).toBe(cacheKey(base));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order, drops undefined properties, no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, { z: true, y: null }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[3,1,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('refuses values JSON cannot hold instead of writing null', () => {
    expect(() => canonicalJson({ t: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson([undefined])).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});
