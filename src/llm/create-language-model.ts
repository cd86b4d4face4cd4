/**
 * Builds the `LanguageModel` for resolved settings. Each provider module imports its SDK with a
 * dynamic `import()`, and this module imports those providers dynamically too, so loading it (or
 * anything that imports it) never loads an SDK: a run without `--synthesize` stays SDK-free.
 */
import type { LanguageModel, LlmSettings } from './types.js';

export async function createLanguageModel(settings: LlmSettings): Promise<LanguageModel> {
  if (settings.provider === 'anthropic') {
    const { createAnthropicMessagesModel } = await import('./providers/anthropic-messages.js');
    return createAnthropicMessagesModel(settings);
  }
  if (settings.provider === 'bedrock') {
    const { createBedrockConverseModel } = await import('./providers/bedrock-converse.js');
    return createBedrockConverseModel(settings);
  }
  const { createOpenAiChatModel } = await import('./providers/openai-chat.js');
  return createOpenAiChatModel(settings);
}
