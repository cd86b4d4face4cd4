import type { ProviderName } from './types.js';

const LABELS: Record<ProviderName, string> = {
  openai: 'OpenAI',
  'azure-openai': 'Azure OpenAI',
  anthropic: 'Anthropic',
  bedrock: 'Amazon Bedrock',
  'google-gemini': 'Google Gemini',
  ollama: 'Ollama',
  'lm-studio': 'LM Studio',
  'openai-compatible': 'OpenAI-compatible server',
};

/** "Azure OpenAI (azure-openai)": the human name and the id users type in `--llm-provider`. */
export function describeProvider(provider: ProviderName): string {
  return `${LABELS[provider]} (${provider})`;
}
