import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { mapSdkError, type ErrorContext } from '../../src/llm/map-sdk-error.js';
import { LlmError, type ProviderName } from '../../src/llm/types.js';

const ctx = (provider: ProviderName): ErrorContext => ({
  provider,
  baseUrl: 'https://example.test/v1',
  apiKeyVariable: 'SOME_API_KEY',
  secrets: ['the-secret-key-value'],
  timeoutSeconds: 30,
});

const openaiError = (status: number, error: object, headers: Record<string, string> = {}) =>
  mapSdkError(OpenAI.APIError.generate(status, { error }, undefined, new Headers(headers)), OpenAI, ctx('openai'));

describe('mapSdkError', () => {
  it('maps statuses to kinds', () => {
    const kinds = [400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 529].map(
      (status) => [status, openaiError(status, { message: 'x' }).kind] as const,
    );
    expect(Object.fromEntries(kinds)).toEqual({
      400: 'bad-request', 401: 'auth', 403: 'auth', 404: 'bad-request', 408: 'server', 409: 'server',
      422: 'bad-request', 429: 'rate-limit', 500: 'server', 502: 'server', 503: 'server', 529: 'server',
    });
  });

  it('recognises quota and billing errors', () => {
    expect(openaiError(429, { message: 'You exceeded your current quota', code: 'insufficient_quota' }).kind).toBe('quota');
    expect(openaiError(402, { message: 'Payment required' }).kind).toBe('quota');
    const anthropic = Anthropic.APIError.generate(
      400,
      { type: 'error', error: { type: 'invalid_request_error', message: 'Your credit balance is too low to access the Anthropic API.' } },
      undefined,
      new Headers(),
    );
    expect(mapSdkError(anthropic, Anthropic, ctx('anthropic')).kind).toBe('quota');
  });

  it("treats Gemini's 'check your plan and billing' 429 as a rate limit", () => {
    const gemini = OpenAI.APIError.generate(
      429,
      [{ error: { code: 429, message: 'You exceeded your current quota, please check your plan and billing details.', status: 'RESOURCE_EXHAUSTED' } }],
      undefined,
      new Headers(),
    );
    expect(mapSdkError(gemini, OpenAI, ctx('google-gemini')).kind).toBe('rate-limit');
  });

  it('reads retry-after into retryAfterSeconds', () => {
    expect(openaiError(429, { message: 'slow down' }, { 'retry-after': '12' }).retryAfterSeconds).toBe(12);
    expect(openaiError(503, { message: 'busy' }, { 'retry-after-ms': '1500' }).retryAfterSeconds).toBe(1.5);
  });

  it('maps connection and timeout errors', () => {
    expect(mapSdkError(new OpenAI.APIConnectionTimeoutError(), OpenAI, ctx('openai')).kind).toBe('timeout');
    const reset = new OpenAI.APIConnectionError({ cause: new Error('socket hang up') });
    const mapped = mapSdkError(reset, OpenAI, ctx('openai'));
    expect(mapped.kind).toBe('connection');
    expect(mapped.message).toContain('socket hang up');
    expect(mapSdkError(new Anthropic.APIConnectionTimeoutError(), Anthropic, ctx('anthropic')).kind).toBe('timeout');
  });

  it('names the provider and variable, and redacts secrets', () => {
    const error = openaiError(401, { message: 'Incorrect API key provided: the-secret-key-value' });
    expect(error.message).toContain('OpenAI (openai)');
    expect(error.message).toContain('SOME_API_KEY');
    expect(error.message).not.toContain('the-secret-key-value');
    expect(error.cause).toBeUndefined();
  });

  it('passes LlmErrors through and calls other errors bad responses', () => {
    const own = new LlmError('x', { kind: 'server' });
    expect(mapSdkError(own, OpenAI, ctx('openai'))).toBe(own);
    expect(mapSdkError(new SyntaxError('Unexpected token'), OpenAI, ctx('openai')).kind).toBe('bad-response');
    expect(mapSdkError(new TypeError('terminated'), OpenAI, ctx('openai')).kind).toBe('connection');
  });
});
