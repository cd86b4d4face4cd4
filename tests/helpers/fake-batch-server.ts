/**
 * A fake of the providers' batch endpoints on 127.0.0.1, for the real SDKs: OpenAI's Files and
 * Batches (`POST /v1/files`, `POST /v1/batches`, `GET /v1/batches/:id`, `GET /v1/files/:id/content`)
 * and Anthropic's Message Batches (`POST /v1/messages/batches`, `GET /v1/messages/batches/:id`,
 * `GET /v1/messages/batches/:id/results`), and Azure OpenAI's Global Batch on the resource
 * (`POST /openai/files`, `POST /openai/batches`, `GET /openai/batches/:id`,
 * `GET /openai/files/:id/content`; 401 without an `api-key` header, 400 without `?api-version=` or
 * with an endpoint other than `/chat/completions`). An Azure item goes to the inner fake's
 * deployment path for the deployment its line names in `model`. `failValidation(message)` makes
 * every OpenAI or Azure batch created from then on end as `failed` with that reason, none of its
 * items run.
 * The list endpoints page as the real APIs do, newest first (`GET /v1/batches?limit&after`, with
 * `metadata`; `GET /v1/messages/batches?limit&after_id`, with `created_at`).
 *
 * A batch stays `in_progress` until it is processed: at once on the first status check
 * (`autoComplete`, the default), after `completeAfterPolls` checks, or when the test calls
 * `complete(id)`. Processing sends each item to the synchronous fake (`inner`, a
 * `startFakeLlmServer`) over HTTP, so answers, scripted faults and usage are that server's own,
 * and an item the inner server fails comes back as a failed item of the batch. `expire(id, n)`
 * ends a batch as expired with only its first n items answered. `interceptOnce` runs a test's
 * function (e.g. one that kills the client) when a route is called: `before` it does anything (the
 * provider never sees the request), or `after` it did its work and before it answers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { startFakeLlmServer, type FakeLlmServer } from './fake-llm-server.js';

type Provider = 'openai' | 'azure' | 'anthropic';

interface Item {
  customId: string;
  body: unknown;
}

interface ItemOutcome {
  customId: string;
  status: number;
  body: unknown;
}

export interface FakeBatch {
  id: string;
  provider: Provider;
  items: Item[];
  state: 'in_progress' | 'ended' | 'expired' | 'failed';
  /** Why a `failed` batch did not pass validation. */
  failedBecause?: string;
  polls: number;
  createdAt: number;
  /** OpenAI: the metadata it was created with. */
  metadata?: Record<string, string>;
  outcomes?: ItemOutcome[];
}

export interface FakeBatchServer {
  url: string;
  openaiBaseUrl: string;
  batches: FakeBatch[];
  /** Every request the server received, as `METHOD /path`. */
  calls: string[];
  complete(id: string): Promise<void>;
  expire(id: string, answered: number): Promise<void>;
  setAutoComplete(on: boolean): void;
  /** Batches created from now on fail validation with this reason (undefined: they pass again). */
  failValidation(reason: string | undefined): void;
  /**
   * Runs `fn` once, when `call` (`METHOD /path`) arrives for the `nth` time from now (default 1):
   * before the route acts, or after it acted and before it answers.
   */
  interceptOnce(call: string, when: 'before' | 'after', fn: () => Promise<void>, nth?: number): void;
  close(): Promise<void>;
}

export interface FakeBatchServerOptions {
  inner: FakeLlmServer;
  /** Process a batch on its first status check (default true). */
  autoComplete?: boolean;
  /** With autoComplete: status checks that still answer `in_progress` first (default 0). */
  completeAfterPolls?: number;
  /** With autoComplete: a batch answers `in_progress` until this long after it was created (default 0). */
  processingMs?: number;
}

export async function startFakeBatchServer(opts: FakeBatchServerOptions): Promise<FakeBatchServer> {
  const batches: FakeBatch[] = [];
  const files = new Map<string, string>();
  const calls: string[] = [];
  const intercepts = new Map<string, { when: 'before' | 'after'; fn: () => Promise<void>; skip: number }>();
  const sockets = new Set<Socket>();
  let autoComplete = opts.autoComplete ?? true;
  let failingValidation: string | undefined;
  let url = '';

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => json(res, 500, { error: { message: String(error) } }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function process(batch: FakeBatch, answered = batch.items.length): Promise<void> {
    const outcomes: ItemOutcome[] = [];
    const items = batch.items.slice(0, answered);
    // Sixteen at a time, as a provider works through a batch in parallel.
    for (let i = 0; i < items.length; i += 16) {
      const slice = items.slice(i, i + 16);
      outcomes.push(...(await Promise.all(slice.map(async (item) => {
        const response = await fetch(`${opts.inner.url}${innerPath(batch.provider, item.body)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer batch', 'x-api-key': 'batch' },
          body: JSON.stringify(item.body),
        });
        return { customId: item.customId, status: response.status, body: (await response.json()) as unknown };
      }))));
    }
    batch.outcomes = outcomes;
    batch.state = answered === batch.items.length ? 'ended' : 'expired';
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readRaw(req);
    const [rawPath = '', search = ''] = (req.url ?? '').split('?');
    const call = `${req.method} ${rawPath}`;
    calls.push(call);
    let intercept = intercepts.get(call);
    if (intercept && intercept.skip > 0) {
      intercept.skip--;
      intercept = undefined;
    } else if (intercept) intercepts.delete(call);
    if (intercept?.when === 'before') {
      await intercept.fn();
      res.destroy();
      return;
    }
    const after = intercept?.fn ?? (() => Promise.resolve());
    // Azure's routes are OpenAI's under /openai instead of /v1, with Azure's auth and api-version.
    const azure = rawPath.startsWith('/openai/');
    if (azure) {
      if (!req.headers['api-key']) return json(res, 401, { error: { code: '401', message: 'Access denied due to missing subscription key.' } });
      if (!new URLSearchParams(search).get('api-version')) return json(res, 400, { error: { code: 'MissingApiVersionParameter', message: 'The api-version query parameter (?api-version=) is required for all requests.' } });
    }
    const path = azure ? rawPath.replace(/^\/openai\//, '/v1/') : rawPath;
    if (req.method === 'POST' && path === '/v1/files') {
      const form = await new Response(raw, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
      const file = form.get('file');
      if (!(file instanceof Blob)) return json(res, 400, { error: { message: 'no file' } });
      const id = `file-${files.size + 1}`;
      files.set(id, await file.text());
      await after();
      return json(res, 200, { id, object: 'file', bytes: file.size, created_at: 0, filename: 'batch.jsonl', purpose: 'batch', status: 'processed' });
    }
    if (req.method === 'POST' && path === '/v1/batches') {
      const body = JSON.parse(raw.toString('utf8')) as { input_file_id: string; endpoint: string; metadata?: Record<string, string> };
      const text = files.get(body.input_file_id);
      if (text === undefined) return json(res, 404, { error: { message: `No such File object: ${body.input_file_id}`, type: 'invalid_request_error' } });
      const lines = text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { custom_id: string; url: string; body: unknown });
      const endpoint = azure ? '/chat/completions' : '/v1/chat/completions';
      if (body.endpoint !== endpoint || lines.some((l) => l.url !== endpoint)) {
        return json(res, 400, { error: { code: 'invalid_request', message: `endpoint and every line's url must be ${endpoint}` } });
      }
      const items = lines.map((l) => ({ customId: l.custom_id, body: l.body }));
      const batch: FakeBatch = { id: `batch_${batches.length + 1}`, provider: azure ? 'azure' : 'openai', items, state: 'in_progress', polls: 0, createdAt: Date.now(), ...(body.metadata ? { metadata: body.metadata } : {}) };
      if (failingValidation !== undefined) Object.assign(batch, { state: 'failed', failedBecause: failingValidation });
      batches.push(batch);
      await after();
      return json(res, 200, openaiBatch(batch));
    }
    if (req.method === 'GET' && path === '/v1/batches') {
      const page = listPage(azure ? 'azure' : 'openai', new URLSearchParams(search), 'after');
      return json(res, 200, { object: 'list', data: page.data.map(openaiBatch), first_id: page.data[0]?.id ?? null, last_id: page.data.at(-1)?.id ?? null, has_more: page.hasMore });
    }
    const openaiGet = /^\/v1\/batches\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && openaiGet) {
      const batch = await poll(openaiGet[1] ?? '');
      return batch ? json(res, 200, openaiBatch(batch)) : json(res, 404, { error: { message: 'no such batch' } });
    }
    const content = /^\/v1\/files\/([^/]+)\/content$/.exec(path);
    if (req.method === 'GET' && content) {
      const text = files.get(content[1] ?? '');
      if (text === undefined) return json(res, 404, { error: { message: 'no such file' } });
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(text);
      return;
    }
    if (req.method === 'POST' && path === '/v1/messages/batches') {
      const body = JSON.parse(raw.toString('utf8')) as { requests: { custom_id: string; params: unknown }[] };
      const batch: FakeBatch = { id: `msgbatch_${batches.length + 1}`, provider: 'anthropic', items: body.requests.map((r) => ({ customId: r.custom_id, body: r.params })), state: 'in_progress', polls: 0, createdAt: Date.now() };
      batches.push(batch);
      await after();
      return json(res, 200, anthropicBatch(batch));
    }
    if (req.method === 'GET' && path === '/v1/messages/batches') {
      const page = listPage('anthropic', new URLSearchParams(search), 'after_id');
      return json(res, 200, { data: page.data.map(anthropicBatch), first_id: page.data[0]?.id ?? null, last_id: page.data.at(-1)?.id ?? null, has_more: page.hasMore });
    }
    const results = /^\/v1\/messages\/batches\/([^/]+)\/results$/.exec(path);
    if (req.method === 'GET' && results) {
      const batch = batches.find((b) => b.id === results[1]);
      if (!batch || batch.state === 'in_progress') return json(res, 404, { error: { type: 'not_found_error', message: 'no results yet' } });
      res.writeHead(200, { 'content-type': 'application/binary' });
      res.end(anthropicResults(batch));
      return;
    }
    const anthropicGet = /^\/v1\/messages\/batches\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && anthropicGet) {
      const batch = await poll(anthropicGet[1] ?? '');
      return batch ? json(res, 200, anthropicBatch(batch)) : json(res, 404, { type: 'error', error: { type: 'not_found_error', message: 'no such batch' } });
    }
    json(res, 404, { error: { message: `no route ${req.method} ${path}` } });
  }

  /** A page of one provider's batches, newest first, after the cursor's batch. */
  function listPage(provider: Provider, query: URLSearchParams, cursor: string): { data: FakeBatch[]; hasMore: boolean } {
    const newestFirst = batches.filter((b) => b.provider === provider).reverse();
    const after = query.get(cursor);
    const start = after === null ? 0 : newestFirst.findIndex((b) => b.id === after) + 1;
    const limit = Number(query.get('limit') ?? 20);
    return { data: newestFirst.slice(start, start + limit), hasMore: start + limit < newestFirst.length };
  }

  async function poll(id: string): Promise<FakeBatch | undefined> {
    const batch = batches.find((b) => b.id === id);
    if (!batch) return undefined;
    batch.polls++;
    const due = batch.polls > (opts.completeAfterPolls ?? 0) && Date.now() - batch.createdAt >= (opts.processingMs ?? 0);
    if (autoComplete && batch.state === 'in_progress' && due) await process(batch);
    return batch;
  }

  function openaiBatch(batch: FakeBatch): unknown {
    const head = {
      id: batch.id,
      object: 'batch',
      endpoint: batch.provider === 'azure' ? '/chat/completions' : '/v1/chat/completions',
      input_file_id: 'file-in',
      completion_window: '24h',
      created_at: 0,
    };
    if (batch.state === 'failed') {
      const errors = { object: 'list', data: [{ code: 'invalid_request', message: batch.failedBecause, param: null, line: null }] };
      return { ...head, status: 'failed', errors, output_file_id: null, error_file_id: null, request_counts: { total: batch.items.length, completed: 0, failed: 0 } };
    }
    const ended = batch.state !== 'in_progress';
    const outcomes = batch.outcomes ?? [];
    if (ended && !files.has(`${batch.id}-out`)) {
      files.set(`${batch.id}-out`, outcomes.filter((o) => o.status === 200).map((o) => JSON.stringify({ id: `req_${o.customId}`, custom_id: o.customId, response: { status_code: 200, request_id: 'r', body: o.body }, error: null })).join('\n'));
      const failed = outcomes.filter((o) => o.status !== 200).map((o) => JSON.stringify({ id: `req_${o.customId}`, custom_id: o.customId, response: { status_code: o.status, request_id: 'r', body: o.body }, error: null }));
      const unanswered = batch.items.slice(outcomes.length).map((i) => JSON.stringify({ id: `req_${i.customId}`, custom_id: i.customId, response: null, error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' } }));
      files.set(`${batch.id}-err`, [...failed, ...unanswered].join('\n'));
    }
    return {
      ...head,
      status: batch.state === 'in_progress' ? 'in_progress' : batch.state === 'expired' ? 'expired' : 'completed',
      created_at: Math.floor(batch.createdAt / 1000),
      metadata: batch.metadata ?? null,
      output_file_id: ended ? `${batch.id}-out` : null,
      error_file_id: ended ? `${batch.id}-err` : null,
      request_counts: { total: batch.items.length, completed: outcomes.filter((o) => o.status === 200).length, failed: ended ? batch.items.length - outcomes.filter((o) => o.status === 200).length : 0 },
    };
  }

  function anthropicBatch(batch: FakeBatch): unknown {
    const ended = batch.state !== 'in_progress';
    const outcomes = batch.outcomes ?? [];
    return {
      id: batch.id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : 'in_progress',
      request_counts: {
        processing: ended ? 0 : batch.items.length,
        succeeded: outcomes.filter((o) => o.status === 200).length,
        errored: outcomes.filter((o) => o.status !== 200).length,
        canceled: 0,
        expired: ended ? batch.items.length - outcomes.length : 0,
      },
      created_at: new Date(batch.createdAt).toISOString(),
      expires_at: new Date(batch.createdAt + 86_400_000).toISOString(),
      ended_at: ended ? new Date().toISOString() : null,
      cancel_initiated_at: null,
      archived_at: null,
      results_url: ended ? `${url}/v1/messages/batches/${batch.id}/results` : null,
    };
  }

  function anthropicResults(batch: FakeBatch): string {
    const outcomes = batch.outcomes ?? [];
    const lines = outcomes.map((o) => {
      if (o.status === 200) return { custom_id: o.customId, result: { type: 'succeeded', message: o.body } };
      const error = (o.body as { error?: { type?: string; message?: string } }).error ?? {};
      return { custom_id: o.customId, result: { type: 'errored', error: { type: 'error', error: { type: error.type ?? 'api_error', message: error.message ?? 'failed' } } } };
    });
    for (const item of batch.items.slice(outcomes.length)) lines.push({ custom_id: item.customId, result: { type: 'expired' } } as never);
    return lines.map((l) => JSON.stringify(l)).join('\n');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    batches,
    calls,
    async complete(id) {
      const batch = batches.find((b) => b.id === id);
      if (batch && batch.state === 'in_progress') await process(batch);
    },
    async expire(id, answered) {
      const batch = batches.find((b) => b.id === id);
      if (batch && batch.state === 'in_progress') await process(batch, answered);
    },
    setAutoComplete(on) {
      autoComplete = on;
    },
    failValidation(reason) {
      failingValidation = reason;
    },
    interceptOnce(call, when, fn, nth = 1) {
      intercepts.set(call, { when, fn, skip: nth - 1 });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

/** A synchronous fake and a batch fake in front of it, as batch tests start them for each test. */
export interface BatchFakes {
  inner: FakeLlmServer;
  batch: FakeBatchServer;
  close(): Promise<void>;
}

export async function startBatchFakes(): Promise<BatchFakes> {
  const inner = await startFakeLlmServer();
  const batch = await startFakeBatchServer({ inner });
  return {
    inner,
    batch,
    async close() {
      await batch.close();
      await inner.close();
    },
  };
}

/** Where the inner (synchronous) fake answers an item: Azure's by the deployment its line names. */
function innerPath(provider: Provider, body: unknown): string {
  if (provider === 'anthropic') return '/v1/messages';
  if (provider === 'openai') return '/v1/chat/completions';
  const deployment = (body as { model?: unknown }).model;
  return `/openai/deployments/${encodeURIComponent(String(deployment))}/chat/completions?api-version=2024-10-21`;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
