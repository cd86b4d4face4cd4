/**
 * OpenAI Chat Completions through the official `openai` SDK: OpenAI, Azure OpenAI, Google Gemini
 * (its OpenAI endpoint), Ollama, LM Studio and any OpenAI-compatible gateway. The SDK is imported
 * lazily, so a run without `--synthesize` never loads it.
 */
import type OpenAI from 'openai';
import { mapSdkError, type ErrorContext } from '../map-sdk-error.js';
import { parseJsonAnswer } from '../parse-json-answer.js';
import { toWireSchemaName } from '../schema-name.js';
import { effectiveBaseUrl, resolveApiKey } from '../provider-defaults.js';
import { createOpenAiClient } from './openai-client.js';
import { describeProvider } from '../provider-labels.js';
import {
  LlmError,
  type GenerateRequest,
  type GenerateResult,
  type LanguageModel,
  type LlmSettings,
} from '../types.js';

type ChatBody = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
type ChatMessageParam = OpenAI.Chat.ChatCompletionMessageParam;

/**
 * How a schema is asked for. Servers that reject `json_schema` step down to JSON mode, and those
 * that reject `response_format` altogether to instructions only; both keep the schema in a system
 * message, and the caller validates the answer either way.
 */
export type SchemaMode = 'json_schema' | 'json_object' | 'instructions';
const NEXT_MODE: Record<SchemaMode, SchemaMode | undefined> = {
  json_schema: 'json_object',
  json_object: 'instructions',
  instructions: undefined,
};

export async function createOpenAiChatModel(settings: LlmSettings): Promise<LanguageModel> {
  const sdk = await import('openai');
  const apiKey = resolveApiKey(settings);
  const baseUrl = effectiveBaseUrl(settings);
  const client = createOpenAiClient(sdk, settings, { apiKey, maxRetries: 0, azureDeploymentInPath: true });

  let schemaMode: SchemaMode = 'json_schema';
  let warnedAboutMode = false;
  const who = describeProvider(settings.provider);

  async function call(request: GenerateRequest, mode: SchemaMode): Promise<OpenAI.Chat.ChatCompletion> {
    const ctx: ErrorContext = {
      provider: settings.provider,
      baseUrl,
      secrets: [settings.apiKey, apiKey],
      timeoutSeconds: settings.timeoutSeconds,
      ...(settings.apiKeyVariable === undefined ? {} : { apiKeyVariable: settings.apiKeyVariable }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    };
    try {
      const options = request.signal === undefined ? {} : { signal: request.signal };
      return await client.chat.completions.create(buildBody(settings, request, mode), options);
    } catch (error) {
      throw mapSdkError(error, sdk, ctx);
    }
  }

  return {
    provider: settings.provider,
    modelId: settings.model,
    baseUrl,
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      const warnings: string[] = [];
      let mode = schemaMode;
      let completion: OpenAI.Chat.ChatCompletion;
      for (;;) {
        try {
          completion = await call(request, mode);
          break;
        } catch (error) {
          const next = NEXT_MODE[mode];
          if (!request.responseSchema || next === undefined || !rejectsResponseFormat(error)) throw error;
          mode = next;
          schemaMode = next;
        }
      }
      if (request.responseSchema && mode !== 'json_schema' && !warnedAboutMode) {
        warnedAboutMode = true;
        warnings.push(
          `${who} rejected structured output (json_schema); fell back to ${
            mode === 'json_object' ? 'JSON mode' : 'plain instructions'
          } with the schema in the prompt.`,
        );
      }
      return toResult(completion, request, warnings, who);
    },
  };
}

export function buildBody(settings: LlmSettings, request: GenerateRequest, mode: SchemaMode): ChatBody {
  const schema = request.responseSchema;
  const messages: ChatMessageParam[] = request.messages.map((m) => ({ role: m.role, content: m.content }));
  if (schema && mode !== 'json_schema') {
    messages.unshift({
      role: 'system',
      content:
        'Answer with one JSON object and nothing else (no prose, no code fence). ' +
        `It must follow this JSON Schema:\n${JSON.stringify(schema.schema)}`,
    });
  }
  const body: ChatBody = { model: settings.model, messages };
  // OpenAI's newer models refuse max_tokens; other OpenAI-style servers only know max_tokens.
  if (settings.provider === 'openai' || settings.provider === 'azure-openai') {
    body.max_completion_tokens = request.maxOutputTokens;
  } else {
    body.max_tokens = request.maxOutputTokens;
  }
  const temperature = request.temperature ?? settings.temperature;
  if (temperature !== undefined) body.temperature = temperature;
  if (schema && mode === 'json_schema') {
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: toWireSchemaName(schema.name), strict: true, schema: schema.schema },
    };
  } else if (schema && mode === 'json_object') {
    body.response_format = { type: 'json_object' };
  }
  return body;
}

/** A 400/422 that complains about response_format or json_schema: the server lacks that mode. */
function rejectsResponseFormat(error: unknown): boolean {
  return (
    error instanceof LlmError &&
    error.kind === 'bad-request' &&
    (error.status === 400 || error.status === 422) &&
    /response_format|json_schema|json_object/i.test(error.message)
  );
}

export function toResult(
  completion: OpenAI.Chat.ChatCompletion,
  request: GenerateRequest,
  warnings: string[],
  who: string,
): GenerateResult {
  const choice = completion.choices?.[0];
  const text = choice?.message?.content ?? '';
  const finishReason = mapFinishReason(choice?.finish_reason);
  if (text.trim() === '') {
    const refusal = choice?.message?.refusal;
    const why = refusal ? `refused: ${refusal}` : `finish reason ${choice?.finish_reason ?? 'none'}`;
    throw new LlmError(`${who}: empty answer (${why})`, { kind: 'bad-response' });
  }
  const usage = completion.usage;
  if (!usage) warnings.push(`${who} reported no token usage; counted as 0.`);
  const result: GenerateResult = {
    text,
    usage: {
      inputTokens: usage?.prompt_tokens ?? 0,
      outputTokens: usage?.completion_tokens ?? 0,
      // OpenAI caches prompt prefixes of 1,024+ tokens by itself; prompt_tokens includes them.
      ...(usage?.prompt_tokens_details?.cached_tokens ? { cachedInputTokens: usage.prompt_tokens_details.cached_tokens } : {}),
    },
    finishReason,
    warnings,
  };
  if (request.responseSchema) {
    const object = parseJsonAnswer(text);
    if (object !== undefined) result.object = object;
  }
  return result;
}

function mapFinishReason(reason: string | null | undefined): GenerateResult['finishReason'] {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}
