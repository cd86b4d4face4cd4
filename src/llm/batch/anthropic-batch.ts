/**
 * Anthropic's Message Batches through the official SDK: up to 100,000 requests in one call, each
 * answered within 24 hours at half price. Bodies and answers go through the synchronous
 * provider's own functions, so a batch answer reads exactly like a direct one.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { resolveApiKey, resolveBaseUrl } from '../provider-defaults.js';
import { describeProvider } from '../provider-labels.js';
import { buildBody, toResult } from '../providers/anthropic-messages.js';
import { LlmError, type LlmSettings } from '../types.js';
import { batchErrorContext, sdkCaller } from './sdk-calls.js';
import { batchItemError } from './status-error.js';
import { CLOCK_SLACK_MS, MAX_LISTED_BATCHES, type BatchApi, type BatchItemResult, type WaveIdentity } from './types.js';

export async function createAnthropicBatchApi(settings: LlmSettings): Promise<BatchApi> {
  const sdk = await import('@anthropic-ai/sdk');
  const apiKey = resolveApiKey(settings);
  const baseUrl = resolveBaseUrl(settings);
  const who = describeProvider(settings.provider);
  const ctx = batchErrorContext(settings, baseUrl, apiKey);

  const client = new sdk.Anthropic({ apiKey, baseURL: baseUrl, maxRetries: 2, timeout: settings.timeoutSeconds * 1000 });
  const call = sdkCaller(sdk, ctx);

  return {
    provider: settings.provider,
    async submit(items) {
      const requests = items.map((item) => ({ custom_id: item.customId, params: buildBody(settings, item.request) }));
      const batch = await call(() => client.messages.batches.create({ requests }));
      return batch.id;
    },
    async findWave(wave) {
      const { candidates, incomplete } = await call(() => listCandidates(client, wave));
      const wanted = new Set(wave.customIds);
      // An ended batch can be confirmed: its results name every request it held.
      for (const batch of candidates.filter((b) => b.processing_status === 'ended')) {
        const ids = await call(async () => {
          const seen = new Set<string>();
          for await (const row of await client.messages.batches.results(batch.id)) seen.add(row.custom_id);
          return seen;
        });
        if ([...wanted].every((id) => ids.has(id))) return { batchId: batch.id };
      }
      // The wave's batch may be past the listing's end: a running candidate could be anyone's.
      if (incomplete) return { incomplete };
      // A running one cannot be confirmed (its results are not readable yet): only a lone candidate is adopted.
      const running = candidates.filter((b) => b.processing_status !== 'ended');
      if (running.length === 1) return { batchId: (running[0] as Anthropic.Messages.MessageBatch).id };
      return running.length > 1 ? { ambiguous: running.map((b) => b.id) } : {};
    },
    async status(batchId) {
      const batch = await call(() => client.messages.batches.retrieve(batchId));
      return batch.processing_status === 'ended' ? { state: 'ended' } : { state: 'running' };
    },
    async results(batchId) {
      const out = new Map<string, BatchItemResult>();
      await call(async () => {
        for await (const row of await client.messages.batches.results(batchId)) out.set(row.custom_id, readRow(row.result, who, ctx.secrets));
      });
      return out;
    },
  };
}

/**
 * Message Batches carry no metadata: the batches that may hold a wave are those created since its
 * intent (newest first, so the listing stops at the first older one) with as many requests, except
 * the ones the ledger knows to be other waves' (a run's waves often have the same size).
 */
async function listCandidates(client: Anthropic, wave: WaveIdentity): Promise<{ candidates: Anthropic.Messages.MessageBatch[]; incomplete: boolean }> {
  const since = wave.intentAt - CLOCK_SLACK_MS;
  const candidates: Anthropic.Messages.MessageBatch[] = [];
  let listed = 0;
  for await (const batch of client.messages.batches.list({ limit: 100 })) {
    if (Date.parse(batch.created_at) < since) break;
    if (++listed > MAX_LISTED_BATCHES) return { candidates, incomplete: true };
    const c = batch.request_counts;
    if (c.processing + c.succeeded + c.errored + c.canceled + c.expired === wave.size && !wave.taken.has(batch.id)) candidates.push(batch);
  }
  return { candidates, incomplete: false };
}

function readRow(result: Anthropic.Messages.MessageBatchResult, who: string, secrets: readonly (string | undefined)[]): BatchItemResult {
  switch (result.type) {
    case 'succeeded': {
      const message = result.message;
      return { ok: true, read: (request) => toResult(message, request, who) };
    }
    case 'errored': {
      const inner = result.error.error;
      // The error types Anthropic documents map onto the statuses a direct call would have had.
      const status = STATUS_OF[inner.type] ?? 500;
      return { ok: false, error: batchItemError(who, status, `${inner.type}: ${inner.message}`, secrets) };
    }
    case 'canceled':
    case 'expired':
      return { ok: false, error: new LlmError(`${who}: the batch ${result.type === 'expired' ? 'expired' : 'was cancelled'} before this request ran`, { kind: 'server' }) };
  }
}

const STATUS_OF: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};
