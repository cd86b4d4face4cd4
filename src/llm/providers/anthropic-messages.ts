/**
 * Anthropic Messages through the official `@anthropic-ai/sdk`, imported lazily. Structured answers
 * use one tool whose `input_schema` is the schema, forced with `tool_choice`; the tool call's input
 * is the answer.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { mapSdkError, type ErrorContext } from '../map-sdk-error.js';
import { parseJsonAnswer } from '../parse-json-answer.js';
import { resolveApiKey, resolveBaseUrl } from '../provider-defaults.js';
import { describeProvider } from '../provider-labels.js';
import { toWireSchemaName } from '../schema-name.js';
import { cachedUsage, forcedToolDescription, mapToolStopReason } from '../tool-answer.js';
import {
  LlmError,
  type ChatMessage,
  type GenerateRequest,
  type GenerateResult,
  type LanguageModel,
  type LlmSettings,
} from '../types.js';

type MessageBody = Anthropic.MessageCreateParamsNonStreaming;

export async function createAnthropicMessagesModel(settings: LlmSettings): Promise<LanguageModel> {
  const sdk = await import('@anthropic-ai/sdk');
  const apiKey = resolveApiKey(settings);
  const baseUrl = resolveBaseUrl(settings);
  const who = describeProvider(settings.provider);
  let client: Anthropic;
  try {
    client = new sdk.Anthropic({
      apiKey,
      baseURL: baseUrl,
      maxRetries: 0,
      timeout: settings.timeoutSeconds * 1000,
    });
  } catch (error) {
    throw mapSdkError(error, sdk, { provider: settings.provider, baseUrl, secrets: [apiKey] });
  }

  return {
    provider: settings.provider,
    modelId: settings.model,
    baseUrl,
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      const ctx: ErrorContext = {
        provider: settings.provider,
        baseUrl,
        secrets: [apiKey],
        timeoutSeconds: settings.timeoutSeconds,
        ...(settings.apiKeyVariable === undefined ? {} : { apiKeyVariable: settings.apiKeyVariable }),
        ...(request.signal === undefined ? {} : { signal: request.signal }),
      };
      let message: Anthropic.Message;
      try {
        const options = request.signal === undefined ? {} : { signal: request.signal };
        message = await client.messages.create(buildBody(settings, request), options);
      } catch (error) {
        throw mapSdkError(error, sdk, ctx);
      }
      return toResult(message, request, who);
    },
  };
}

export function buildBody(settings: LlmSettings, request: GenerateRequest): MessageBody {
  const system = request.messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n\n');
  const body: MessageBody = {
    model: settings.model,
    max_tokens: request.maxOutputTokens,
    messages: toAnthropicMessages(request.messages.filter((m) => m.role !== 'system')),
  };
  if (system !== '') body.system = system;
  // No temperature: this SDK version no longer has the parameter (deprecated for current models).
  const schema = request.responseSchema;
  if (schema) {
    const name = toWireSchemaName(schema.name);
    const description = forcedToolDescription(schema);
    body.tools = [{ name, description, input_schema: schema.schema as Anthropic.Tool.InputSchema }];
    body.tool_choice = { type: 'tool', name };
  }
  return body;
}

/**
 * Consecutive turns of one role become one message with a text block each; a message marked as
 * the end of a shared prefix gets a `cache_control` breakpoint, so later requests of the same node
 * read that prefix from Anthropic's prompt cache (prefixes under the model's minimum, 1,024 or
 * 2,048 tokens, are simply not cached).
 */
function toAnthropicMessages(messages: readonly ChatMessage[]): Anthropic.MessageParam[] {
  const out: Anthropic.MessageParam[] = [];
  for (const m of messages) {
    const role = m.role === 'assistant' ? 'assistant' : 'user';
    const block: Anthropic.TextBlockParam = { type: 'text', text: m.content };
    if (m.cacheBreakpoint) block.cache_control = { type: 'ephemeral' };
    const last = out[out.length - 1];
    if (last !== undefined && last.role === role) {
      if (typeof last.content === 'string') last.content = [{ type: 'text', text: last.content }];
      last.content.push(block);
    } else {
      out.push({ role, content: m.cacheBreakpoint ? [block] : m.content });
    }
  }
  return out;
}

export function toResult(message: Anthropic.Message, request: GenerateRequest, who: string): GenerateResult {
  const usage = cachedUsage(
    message.usage?.input_tokens,
    message.usage?.output_tokens,
    message.usage?.cache_read_input_tokens,
    message.usage?.cache_creation_input_tokens,
  );
  const finishReason = mapToolStopReason(message.stop_reason);
  const blocks = message.content ?? [];
  const toolUse = blocks.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
  if (request.responseSchema && toolUse) {
    return { text: JSON.stringify(toolUse.input), object: toolUse.input, usage, finishReason, warnings: [] };
  }
  const text = blocks
    .filter((b): b is Anthropic.TextBlock => b.type === 'text')
    .map((b) => b.text)
    .join('');
  if (text.trim() === '') {
    throw new LlmError(`${who}: empty answer (stop reason ${message.stop_reason ?? 'none'})`, {
      kind: 'bad-response',
    });
  }
  const result: GenerateResult = { text, usage, finishReason, warnings: [] };
  if (request.responseSchema) {
    // The model answered in prose instead of calling the tool; JSON in the text still counts.
    const object = parseJsonAnswer(text);
    if (object !== undefined) result.object = object;
  }
  return result;
}
