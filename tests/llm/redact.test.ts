import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/llm/parse-retry-after.js';
import { redactSecrets } from '../../src/llm/redact.js';

describe('redactSecrets', () => {
  it('replaces every occurrence of each secret', () => {
    expect(redactSecrets('key abc-secret-1 and abc-secret-1', ['abc-secret-1'])).toBe('key [redacted] and [redacted]');
  });
  it('replaces sk- keys and bearer tokens it was not told about', () => {
    expect(redactSecrets('Incorrect API key provided: sk-proj-****abcd1234.', [])).toBe('Incorrect API key provided: [redacted].');
    expect(redactSecrets('sent Authorization: Bearer eyJhbGciOi.payload.sig', [])).toBe('sent Authorization: Bearer [redacted]');
  });
  it('ignores undefined and tiny secrets', () => {
    expect(redactSecrets('a b c', [undefined, 'a'])).toBe('a b c');
  });
  it('redacts a longer secret before a shorter one it contains', () => {
    expect(redactSecrets('x key-123456 y', ['key-1234', 'key-123456'])).toBe('x [redacted] y');
  });
});

describe('parseRetryAfter', () => {
  const headers = (h: Record<string, string>) => new Headers(h);
  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(parseRetryAfter(headers({ 'retry-after': '3' }))).toBe(3);
    expect(parseRetryAfter(headers({ 'retry-after': '3', 'retry-after-ms': '250' }))).toBe(0.25);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:10 GMT' }), now)).toBe(10);
    expect(parseRetryAfter(headers({ 'retry-after': 'Tue, 31 Dec 2024 00:00:00 GMT' }), now)).toBe(0);
  });
  it('is undefined when absent or unreadable', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter(headers({}))).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });
});
