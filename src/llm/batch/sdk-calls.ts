/** The error handling both batch APIs share: every SDK call's failure becomes a redacted `LlmError`. */
import { mapSdkError, type ErrorContext, type SdkErrorClasses } from '../map-sdk-error.js';
import type { LlmSettings } from '../types.js';

export function batchErrorContext(settings: LlmSettings, baseUrl: string, apiKey: string): ErrorContext {
  return {
    provider: settings.provider,
    baseUrl,
    secrets: [settings.apiKey, apiKey],
    timeoutSeconds: settings.timeoutSeconds,
    ...(settings.apiKeyVariable === undefined ? {} : { apiKeyVariable: settings.apiKeyVariable }),
  };
}

/** Runs SDK calls, mapping what they throw. */
export function sdkCaller(sdk: SdkErrorClasses, ctx: ErrorContext): <T>(fn: () => Promise<T>) => Promise<T> {
  return async (fn) => {
    try {
      return await fn();
    } catch (error) {
      throw mapSdkError(error, sdk, ctx);
    }
  };
}
