import type { LlmError } from '../llm/types.js';

/**
 * What to do about a failed LLM call, by its kind and HTTP status: a sentence a user can act on,
 * shown under the provider's own message.
 */
export function llmErrorAdvice(err: LlmError): string {
  if (err.status === 404) {
    return 'The endpoint or the model was not found. Check --llm-base-url (OpenAI-compatible servers usually end in /v1) and --llm-model (for Azure, the deployment name); `osmosis-ts yaml document --show-config` shows what was resolved.';
  }
  switch (err.kind) {
    case 'auth':
      return 'The provider refused the key. Check the API key variable of the provider (e.g. OPENAI_API_KEY, ANTHROPIC_API_KEY) and that it may use this model.';
    case 'quota':
      return "The account's quota or billing limit is reached. Add credit or use another key; cached answers are kept.";
    case 'rate-limit':
      return 'The provider is rate-limiting this key. Wait a minute, or lower --llm-concurrency / set --llm-rpm.';
    case 'connection':
      return 'No connection to the endpoint. Check --llm-base-url and that the server (e.g. ollama serve) is running.';
    case 'timeout':
      return 'The request timed out. Raise --llm-timeout, or check the endpoint is reachable.';
    case 'server':
      return 'The provider had a server error. Try again later; --llm-max-retries sets how often a run retries.';
    case 'bad-request':
      return 'The provider rejected the request. Check --llm-model and, for gateways, that the endpoint speaks the provider\'s API.';
    case 'bad-response':
      return 'The answer could not be read. Check that --llm-base-url points at an API of the chosen --llm-provider.';
  }
}
