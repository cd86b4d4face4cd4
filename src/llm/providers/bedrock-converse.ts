/**
 * Amazon Bedrock through the official `@aws-sdk/client-bedrock-runtime` Converse API, imported
 * lazily. Structured answers use one tool whose input schema is the answer's JSON Schema, forced
 * with `toolChoice`; the tool call's input is the answer (as for Anthropic Messages).
 *
 * Credentials come from the AWS default chain (environment, AWS_PROFILE and shared config, SSO,
 * container and instance roles), so there is no key to pass. The client talks HTTP/1.1 through
 * `@smithy/node-http-handler`: the SDK's default handler speaks HTTP/2 with prior knowledge (it
 * exists for the bidirectional streaming operations), and Converse is one request, one answer.
 */
import type {
  BedrockRuntimeClient,
  ContentBlock,
  ConverseCommandInput,
  ConverseCommandOutput,
  Message,
  SystemContentBlock,
  ToolInputSchema,
} from '@aws-sdk/client-bedrock-runtime';
import { mapBedrockError, type BedrockErrorContext } from '../map-bedrock-error.js';
import { parseJsonAnswer } from '../parse-json-answer.js';
import { resolveBaseUrl } from '../provider-defaults.js';
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

export async function createBedrockConverseModel(settings: LlmSettings): Promise<LanguageModel> {
  const [sdk, { NodeHttpHandler }] = await Promise.all([
    import('@aws-sdk/client-bedrock-runtime'),
    import('@smithy/node-http-handler'),
  ]);
  const who = describeProvider(settings.provider);
  const region = settings.awsRegion;
  if (region === undefined || region.trim() === '') {
    throw new LlmError(`${who} needs an AWS region: export AWS_REGION (or AWS_DEFAULT_REGION).`, { kind: 'bad-request' });
  }
  const baseUrl = resolveBaseUrl(settings);
  const ctx: Omit<BedrockErrorContext, 'signal'> = {
    baseUrl,
    model: settings.model,
    region,
    timeoutSeconds: settings.timeoutSeconds,
  };
  let client: BedrockRuntimeClient;
  try {
    client = new sdk.BedrockRuntimeClient({
      region,
      // Only a configured endpoint is passed on; the default one the SDK derives from the region.
      ...(settings.baseUrl?.trim() ? { endpoint: baseUrl } : {}),
      // Our retry policy runs around `generate`; the SDK's own retries would multiply it.
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({
        requestTimeout: settings.timeoutSeconds * 1000,
        throwOnRequestTimeout: true,
      }),
    });
  } catch (error) {
    throw mapBedrockError(error, sdk, ctx);
  }

  return {
    provider: settings.provider,
    modelId: settings.model,
    baseUrl,
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      let output: ConverseCommandOutput;
      try {
        const options = request.signal === undefined ? {} : { abortSignal: request.signal };
        output = await client.send(new sdk.ConverseCommand(buildInput(settings, request)), options);
      } catch (error) {
        throw mapBedrockError(error, sdk, { ...ctx, ...(request.signal === undefined ? {} : { signal: request.signal }) });
      }
      return toResult(output, request, who);
    },
  };
}

function buildInput(settings: LlmSettings, request: GenerateRequest): ConverseCommandInput {
  const system: SystemContentBlock[] = request.messages
    .filter((m) => m.role === 'system')
    .map((m) => ({ text: m.content }));
  const temperature = request.temperature ?? settings.temperature;
  const input: ConverseCommandInput = {
    modelId: settings.model,
    messages: toConverseMessages(request.messages.filter((m) => m.role !== 'system')),
    inferenceConfig: {
      maxTokens: request.maxOutputTokens,
      ...(temperature === undefined ? {} : { temperature }),
    },
  };
  if (system.length > 0) input.system = system;
  const schema = request.responseSchema;
  if (schema) {
    const name = toWireSchemaName(schema.name);
    const description = forcedToolDescription(schema);
    input.toolConfig = {
      tools: [{ toolSpec: { name, description, inputSchema: { json: schema.schema as ToolInputSchema.JsonMember['json'] } } }],
      toolChoice: { tool: { name } },
    };
  }
  return input;
}

/** Converse wants user and assistant turns to alternate: consecutive turns of one role are merged. */
function toConverseMessages(messages: readonly ChatMessage[]): Message[] {
  const out: Message[] = [];
  for (const m of messages) {
    const role = m.role === 'assistant' ? 'assistant' : 'user';
    const last = out[out.length - 1];
    if (last !== undefined && last.role === role) last.content?.push({ text: m.content });
    else out.push({ role, content: [{ text: m.content }] });
  }
  return out;
}

function toResult(output: ConverseCommandOutput, request: GenerateRequest, who: string): GenerateResult {
  const usage = cachedUsage(
    output.usage?.inputTokens,
    output.usage?.outputTokens,
    output.usage?.cacheReadInputTokens,
    output.usage?.cacheWriteInputTokens,
  );
  const warnings = output.usage === undefined ? [`${who} reported no token usage; counted as 0.`] : [];
  const finishReason = mapToolStopReason(output.stopReason);
  const blocks: ContentBlock[] = output.output?.message?.content ?? [];
  const toolUse = blocks.find((b) => b.toolUse !== undefined)?.toolUse;
  if (request.responseSchema && toolUse !== undefined) {
    const object: unknown = toolUse.input;
    return { text: JSON.stringify(object), object, usage, finishReason, warnings };
  }
  const text = blocks.map((b) => b.text ?? '').join('');
  if (text.trim() === '') {
    throw new LlmError(`${who}: empty answer (stop reason ${output.stopReason ?? 'none'})`, { kind: 'bad-response' });
  }
  const result: GenerateResult = { text, usage, finishReason, warnings };
  if (request.responseSchema) {
    // The model answered in prose instead of calling the tool; JSON in the text still counts.
    const object = parseJsonAnswer(text);
    if (object !== undefined) result.object = object;
  }
  return result;
}
