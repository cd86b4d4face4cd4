/**
 * OpenAI's Batch API through the official SDK: the requests go up as one JSONL file, a batch runs
 * them within 24 hours at half price, and the answers come back as an output file (failed items in
 * an error file). Bodies are built and answers read by the same functions as the synchronous
 * provider, so a batch answer is exactly what a direct call would have returned.
 *
 * Azure OpenAI's Global Batch is the same API on the resource (`/openai/files`,
 * `/openai/batches`, `?api-version=` and the `api-key` header, which `AzureOpenAI` adds), with
 * the endpoint `/chat/completions` and the deployment named in each line's `model`.
 */
import type OpenAI from 'openai';
import { azureDeploymentOf, effectiveBaseUrl, resolveApiKey } from '../provider-defaults.js';
import { describeProvider } from '../provider-labels.js';
import { buildBody, toResult } from '../providers/openai-chat.js';
import { createOpenAiClient } from '../providers/openai-client.js';
import { LlmError, type GenerateRequest, type LlmSettings } from '../types.js';
import { batchErrorContext, sdkCaller } from './sdk-calls.js';
import { batchItemError } from './status-error.js';
import { redactSecrets } from '../redact.js';
import { CLOCK_SLACK_MS, MAX_LISTED_BATCHES, type BatchApi, type BatchItemResult, type BatchStatus } from './types.js';

type ChatBody = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
/** The metadata key that names a batch's wave, so a resumed run can find the batch it submitted. */
const WAVE_KEY = 'osmosis_wave';

export async function createOpenAiBatchApi(settings: LlmSettings): Promise<BatchApi> {
  const sdk = await import('openai');
  const apiKey = resolveApiKey(settings);
  const baseUrl = effectiveBaseUrl(settings);
  const who = describeProvider(settings.provider);
  const ctx = batchErrorContext(settings, baseUrl, apiKey);
  const azure = settings.provider === 'azure-openai';
  // The SDK's type lists OpenAI's endpoints only; Azure's API reference names '/chat/completions'.
  const endpoint = (azure ? '/chat/completions' : '/v1/chat/completions') as OpenAI.Batches.BatchCreateParams['endpoint'];
  const bodyOf = (request: GenerateRequest): ChatBody => {
    const body = buildBody(settings, request, 'json_schema');
    return azure ? { ...body, model: azureDeploymentOf(settings) } : body;
  };

  const client = createOpenAiClient(sdk, settings, { apiKey, maxRetries: 2, azureDeploymentInPath: false });
  const call = sdkCaller(sdk, ctx);

  return {
    provider: settings.provider,
    async submit(items, wave) {
      const create = (fileId: string): Promise<OpenAI.Batches.Batch> =>
        call(() =>
          client.batches.create({ input_file_id: fileId, endpoint, completion_window: '24h', metadata: { source: 'osmosis-ts', [WAVE_KEY]: wave.id } }),
        );
      if (wave.fileId !== undefined) {
        // An earlier run uploaded this very wave and was stopped before creating its batch.
        const batch = await create(wave.fileId).catch((error: unknown) => {
          // The provider deletes files after a while (a 400 or 404 naming the file): upload it again.
          // Any other cause fails the upload's create call below the same way and is thrown there.
          if (error instanceof LlmError && (error.status === 400 || error.status === 404)) return undefined;
          throw error;
        });
        if (batch !== undefined) return batch.id;
      }
      const lines = items.map((item) =>
        JSON.stringify({ custom_id: item.customId, method: 'POST', url: endpoint, body: bodyOf(item.request) }),
      );
      const file = await call(() =>
        client.files.create({ file: new File([`${lines.join('\n')}\n`], 'osmosis-ts-batch.jsonl', { type: 'application/jsonl' }), purpose: 'batch' }),
      );
      // Recorded before the batch exists: a run stopped here reuses the file instead of uploading again.
      await wave.recordFile(file.id);
      return (await create(file.id)).id;
    },
    async findWave(wave) {
      const since = wave.intentAt - CLOCK_SLACK_MS;
      return call(async () => {
        let listed = 0;
        // Newest first: the search stops at the first batch created before the wave's intent.
        for await (const batch of client.batches.list({ limit: 100 })) {
          if (batch.created_at * 1000 < since) return {};
          if (++listed > MAX_LISTED_BATCHES) return { incomplete: true };
          if (batch.metadata?.[WAVE_KEY] === wave.id) return { batchId: batch.id };
        }
        return {};
      });
    },
    async status(batchId): Promise<BatchStatus> {
      const batch = await call(() => client.batches.retrieve(batchId));
      return statusOf(batch, who, ctx.secrets, azure);
    },
    async results(batchId) {
      const batch = await call(() => client.batches.retrieve(batchId));
      const out = new Map<string, BatchItemResult>();
      for (const fileId of [batch.output_file_id, batch.error_file_id]) {
        if (!fileId) continue;
        const text = await call(async () => (await client.files.content(fileId)).text());
        for (const line of text.split('\n')) {
          if (line.trim() === '') continue;
          const row = parseLine(line, who);
          if (row === undefined) continue;
          out.set(row.customId, readRow(row, who, ctx.secrets));
        }
      }
      return out;
    },
  };
}

function statusOf(batch: OpenAI.Batches.Batch, who: string, secrets: readonly (string | undefined)[], azure: boolean): BatchStatus {
  switch (batch.status) {
    case 'validating':
    case 'in_progress':
    case 'finalizing':
    case 'cancelling':
      return { state: 'running' };
    case 'completed':
      return { state: 'ended' };
    case 'failed': {
      // Validation failed: no item ran. The provider's reasons say what to fix.
      const reasons = (batch.errors?.data ?? []).map((e) => [e.code, e.message].filter(Boolean).join(': ')).filter((r) => r !== '');
      const hint = azure ? ' (on Azure, --llm-batch needs a Global Batch deployment and its name as the model)' : '';
      const text = `${who}: the batch failed validation, no request ran: ${reasons.length > 0 ? reasons.slice(0, 3).join('; ') : 'no reason given'}${hint}`;
      return { state: 'ended', endedAs: 'failed', failure: new LlmError(redactSecrets(text, secrets), { kind: 'bad-request' }) };
    }
    default:
      // expired, cancelled: whatever finished before is in the output file.
      return { state: 'ended', endedAs: batch.status };
  }
}

interface Row {
  customId: string;
  status?: number;
  body?: unknown;
  error?: { code?: string; message?: string };
}

function parseLine(line: string, who: string): Row | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as { custom_id?: unknown; response?: { status_code?: unknown; body?: unknown } | null; error?: Row['error'] | null };
  if (typeof record.custom_id !== 'string') {
    throw new LlmError(`${who}: a batch result line has no custom_id`, { kind: 'bad-response' });
  }
  return {
    customId: record.custom_id,
    ...(typeof record.response?.status_code === 'number' ? { status: record.response.status_code } : {}),
    ...(record.response?.body === undefined ? {} : { body: record.response.body }),
    ...(record.error ? { error: record.error } : {}),
  };
}

function readRow(row: Row, who: string, secrets: readonly (string | undefined)[]): BatchItemResult {
  if (row.status === 200 && row.body !== undefined) {
    const body = row.body as OpenAI.Chat.ChatCompletion;
    return { ok: true, read: (request) => toResult(body, request, [], who) };
  }
  const code = row.error?.code;
  if (code === 'batch_expired' || code === 'batch_cancelled') {
    const what = code === 'batch_expired' ? 'expired' : 'was cancelled';
    return { ok: false, error: new LlmError(`${who}: the batch ${what} before this request ran`, { kind: 'server' }) };
  }
  const detail = row.error?.message ?? errorText(row.body) ?? 'no detail';
  return { ok: false, error: batchItemError(who, row.status ?? 500, detail, secrets) };
}

function errorText(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: { message?: unknown } }).error;
  return typeof error?.message === 'string' ? error.message : undefined;
}
