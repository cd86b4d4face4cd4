/** `osmosis-ts llm test`: one tiny real request to prove the settings work. */
import type { LanguageModel, ProviderName, Usage } from './types.js';

export interface LlmTestResult {
  provider: ProviderName;
  model: string;
  baseUrl: string;
  latencyMs: number;
  usage: Usage;
  text: string;
}

/**
 * Sends one small request (no retries) and reports how it went. Throws the model's `LlmError`
 * when the call fails; the CLI prints its message and exits 2.
 */
export async function runLlmTest(
  model: LanguageModel,
  opts: { now?: () => number; signal?: AbortSignal } = {},
): Promise<LlmTestResult> {
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const result = await model.generate({
    messages: [
      { role: 'system', content: 'You are a connectivity check. Answer as briefly as possible.' },
      { role: 'user', content: 'Reply with the single word: pong' },
    ],
    // Room for reasoning models, which spend tokens before they answer.
    maxOutputTokens: 256,
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
  });
  return {
    provider: model.provider,
    model: model.modelId,
    baseUrl: model.baseUrl,
    latencyMs: Math.round(now() - started),
    usage: result.usage,
    text: result.text.trim(),
  };
}
