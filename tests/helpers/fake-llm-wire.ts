/**
 * Wire formats the fake LLM server speaks: routes, what a request asks for, and response/error
 * bodies shaped like OpenAI Chat Completions, Anthropic Messages and the Bedrock Converse API
 * (`POST /model/{modelId}/converse`, errors named by the `x-amzn-errortype` header).
 */
import { findEmbeddedSchema, isRecord, type JsonSchema } from './fake-llm-answers.js';

/** `azure` is the OpenAI body on the Azure deployment path. */
export type WireFormat = 'openai' | 'azure' | 'anthropic' | 'bedrock';

/** The parsed JSON body as sent by the SDKs (fields tests usually inspect are typed). */
export interface RecordedBody {
  model?: string;
  messages?: { role: string; content: unknown }[];
  system?: unknown;
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  response_format?: {
    type: string;
    json_schema?: { name: string; strict?: boolean; schema: JsonSchema };
  };
  tools?: { name: string; description?: string; input_schema: JsonSchema }[];
  tool_choice?: { type: string; name?: string };
  [key: string]: unknown;
}

/** How the request asked for structure (`instructions`: only a schema embedded in the prompt). */
export type SchemaMode = 'json_schema' | 'json_object' | 'tool' | 'instructions';

export interface Route {
  format: WireFormat;
  deployment?: string;
  /** Bedrock: the model id from the path. */
  modelId?: string;
}

export function routeOf(method: string, path: string): Route | undefined {
  if (method !== 'POST') return undefined;
  if (path === '/v1/chat/completions' || path === '/chat/completions') return { format: 'openai' };
  if (path === '/v1/messages' || path === '/messages') return { format: 'anthropic' };
  const converse = /^\/model\/([^/]+)\/converse$/.exec(path);
  if (converse?.[1]) return { format: 'bedrock', modelId: decodeURIComponent(converse[1]) };
  const azure = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(path);
  if (azure?.[1]) return { format: 'azure', deployment: decodeURIComponent(azure[1]) };
  return undefined;
}

/** All prompt text of the request: system plus every message's text, joined by newlines. */
export function promptText(body: RecordedBody | undefined): string {
  if (!body) return '';
  const parts: string[] = [];
  if (body.system !== undefined) parts.push(contentText(body.system));
  for (const m of body.messages ?? []) parts.push(contentText(m.content));
  return parts.join('\n');
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((c) => (isRecord(c) && typeof c['text'] === 'string' ? c['text'] : '')).join('');
  }
  return '';
}

export interface AskedSchema {
  name: string;
  schema: JsonSchema;
  mode: SchemaMode;
}

/** The JSON Schema the request asks the answer to follow, if any. */
export function schemaOf(format: WireFormat, body: RecordedBody | undefined): AskedSchema | undefined {
  if (!body) return undefined;
  if (format === 'bedrock') return converseSchemaOf(body);
  if (format === 'anthropic') {
    const tools = body.tools ?? [];
    const forced = body.tool_choice?.type === 'tool' ? body.tool_choice.name : undefined;
    const tool = forced !== undefined ? tools.find((t) => t.name === forced) : tools.length === 1 ? tools[0] : undefined;
    return tool ? { name: tool.name, schema: tool.input_schema, mode: 'tool' } : undefined;
  }
  const rf = body.response_format;
  if (rf?.type === 'json_schema' && rf.json_schema) {
    return { name: rf.json_schema.name, schema: rf.json_schema.schema, mode: 'json_schema' };
  }
  const embedded = findEmbeddedSchema(promptText(body));
  if (rf?.type === 'json_object') {
    return { name: 'answer', schema: embedded ?? { type: 'object', properties: {} }, mode: 'json_object' };
  }
  // No response_format but a schema in the prompt: a model would follow the instructions.
  return embedded && rf === undefined ? { name: 'answer', schema: embedded, mode: 'instructions' } : undefined;
}

interface ConverseToolConfig {
  tools?: { toolSpec?: { name: string; inputSchema?: { json?: JsonSchema } } }[];
  toolChoice?: { tool?: { name: string } };
}

function converseSchemaOf(body: RecordedBody): AskedSchema | undefined {
  const config = body['toolConfig'] as ConverseToolConfig | undefined;
  const specs = (config?.tools ?? []).flatMap((t) => (t.toolSpec ? [t.toolSpec] : []));
  const forced = config?.toolChoice?.tool?.name;
  const spec = forced !== undefined ? specs.find((t) => t.name === forced) : specs.length === 1 ? specs[0] : undefined;
  return spec?.inputSchema?.json ? { name: spec.name, schema: spec.inputSchema.json, mode: 'tool' } : undefined;
}

export interface AnswerParts {
  model: string;
  /** Answer text; for Anthropic structured answers use `toolInput` instead. */
  text?: string;
  toolName?: string;
  toolInput?: unknown;
  finish: 'stop' | 'length';
  usage: { inputTokens: number; outputTokens: number; cachedInputTokens?: number; cacheWriteInputTokens?: number };
}

/** Anthropic and Converse count input without what was read from or written to the cache. */
function uncachedInput(usage: AnswerParts['usage']): number {
  return usage.inputTokens - (usage.cachedInputTokens ?? 0) - (usage.cacheWriteInputTokens ?? 0);
}

let idCounter = 0;

export function successBody(format: WireFormat, parts: AnswerParts): unknown {
  idCounter++;
  if (format === 'bedrock') return converseBody(parts);
  if (format === 'anthropic') {
    const content: unknown[] = [];
    if (parts.toolName !== undefined) {
      content.push({ type: 'tool_use', id: `toolu_fake_${idCounter}`, name: parts.toolName, input: parts.toolInput });
    } else if (parts.text !== undefined && parts.text !== '') {
      content.push({ type: 'text', text: parts.text });
    }
    const stop = parts.finish === 'length' ? 'max_tokens' : parts.toolName !== undefined ? 'tool_use' : 'end_turn';
    return {
      id: `msg_fake_${idCounter}`,
      type: 'message',
      role: 'assistant',
      model: parts.model,
      content,
      stop_reason: stop,
      stop_sequence: null,
      usage: {
        input_tokens: uncachedInput(parts.usage),
        output_tokens: parts.usage.outputTokens,
        ...(parts.usage.cachedInputTokens ? { cache_read_input_tokens: parts.usage.cachedInputTokens } : {}),
        ...(parts.usage.cacheWriteInputTokens ? { cache_creation_input_tokens: parts.usage.cacheWriteInputTokens } : {}),
      },
    };
  }
  return {
    id: `chatcmpl-fake-${idCounter}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: parts.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: parts.text ?? '', refusal: null },
        finish_reason: parts.finish,
        logprobs: null,
      },
    ],
    usage: {
      prompt_tokens: parts.usage.inputTokens,
      completion_tokens: parts.usage.outputTokens,
      total_tokens: parts.usage.inputTokens + parts.usage.outputTokens,
      ...(parts.usage.cachedInputTokens ? { prompt_tokens_details: { cached_tokens: parts.usage.cachedInputTokens } } : {}),
    },
  };
}

function converseBody(parts: AnswerParts): unknown {
  const content: unknown[] = [];
  if (parts.toolName !== undefined) {
    content.push({ toolUse: { toolUseId: `tooluse_fake_${idCounter}`, name: parts.toolName, input: parts.toolInput } });
  } else if (parts.text !== undefined && parts.text !== '') {
    content.push({ text: parts.text });
  }
  const stop = parts.finish === 'length' ? 'max_tokens' : parts.toolName !== undefined ? 'tool_use' : 'end_turn';
  const { inputTokens, outputTokens, cachedInputTokens, cacheWriteInputTokens } = parts.usage;
  return {
    output: { message: { role: 'assistant', content } },
    stopReason: stop,
    usage: {
      inputTokens: uncachedInput(parts.usage),
      outputTokens,
      totalTokens: inputTokens + outputTokens,
      ...(cachedInputTokens ? { cacheReadInputTokens: cachedInputTokens } : {}),
      ...(cacheWriteInputTokens ? { cacheWriteInputTokens } : {}),
    },
    metrics: { latencyMs: 1 },
  };
}

interface ErrorShape {
  message: string;
  openaiType: string;
  code: string | null;
  anthropicType: string;
}

/**
 * The default error body for a status. 401 deliberately echoes the key it was sent, so tests
 * prove our messages redact what a server echoes.
 */
export function errorShape(status: number, key: string, quota: boolean): ErrorShape {
  if (quota) {
    return {
      message: 'You exceeded your current quota, please check your plan and billing details. Your credit balance is too low.',
      openaiType: 'insufficient_quota',
      code: 'insufficient_quota',
      anthropicType: 'rate_limit_error',
    };
  }
  const table: Record<number, ErrorShape> = {
    400: { message: 'Bad request from the fake server.', openaiType: 'invalid_request_error', code: null, anthropicType: 'invalid_request_error' },
    401: { message: `Incorrect API key provided: ${key}.`, openaiType: 'invalid_request_error', code: 'invalid_api_key', anthropicType: 'authentication_error' },
    403: { message: 'You are not allowed to use this model.', openaiType: 'permission_error', code: null, anthropicType: 'permission_error' },
    404: { message: 'Not found.', openaiType: 'invalid_request_error', code: 'not_found', anthropicType: 'not_found_error' },
    429: { message: 'Rate limit reached for requests. Please try again later.', openaiType: 'requests', code: 'rate_limit_exceeded', anthropicType: 'rate_limit_error' },
    503: { message: 'The server is overloaded. Please try again later.', openaiType: 'server_error', code: null, anthropicType: 'overloaded_error' },
  };
  return table[status] ?? { message: `The fake server failed with HTTP ${status}.`, openaiType: 'server_error', code: null, anthropicType: 'api_error' };
}

export function errorBody(format: WireFormat | undefined, shape: ErrorShape): unknown {
  if (format === 'bedrock') return { message: shape.message };
  if (format === 'anthropic') return { type: 'error', error: { type: shape.anthropicType, message: shape.message } };
  return { error: { message: shape.message, type: shape.openaiType, param: null, code: shape.code } };
}

/** What a server without json_schema support says (the fallback trigger). */
export const JSON_SCHEMA_REJECTION: ErrorShape = {
  message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported by this server.",
  openaiType: 'invalid_request_error',
  code: null,
  anthropicType: 'invalid_request_error',
};

/** Bedrock's error names by status, as the `x-amzn-errortype` header carries them. */
const BEDROCK_ERROR_TYPES: Record<number, string> = {
  400: 'ValidationException',
  401: 'UnrecognizedClientException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException',
  424: 'ModelErrorException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};

/** Headers an error answer carries in this format (Bedrock names the error in a header). */
export function errorHeaders(format: WireFormat | undefined, status: number): Record<string, string> {
  if (format !== 'bedrock') return {};
  const type = BEDROCK_ERROR_TYPES[status] ?? (status >= 500 ? 'InternalServerException' : 'ValidationException');
  return { 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`, 'x-amzn-requestid': 'fake-request-id' };
}
