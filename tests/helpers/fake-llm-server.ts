/**
 * A fake LLM server on 127.0.0.1 for tests that run the real SDKs over real HTTP.
 *
 * ```ts
 * const server = await startFakeLlmServer();            // random port
 * // OpenAI-style providers: baseUrl = server.openaiBaseUrl  (= `${server.url}/v1`)
 * // Azure:                  baseUrl = server.url (endpoint) → /openai/deployments/:d/chat/completions
 * // Anthropic:              baseUrl = server.url            → /v1/messages
 * server.script([{ status: 429, retryAfter: 1 }, 'ok']); // faults consumed one per request, in order
 * ...
 * expect(server.requests[0]?.body?.response_format?.json_schema?.strict).toBe(true);
 * await server.close();
 * ```
 *
 * Routes: `POST /v1/chat/completions` and `/chat/completions` (format `openai`),
 * `POST /openai/deployments/:deployment/chat/completions?api-version=…` (`azure`),
 * `POST /v1/messages` and `/messages` (`anthropic`), `POST /model/:modelId/converse` (`bedrock`,
 * the Converse API over HTTP/1.1; errors carry Bedrock's `x-amzn-errortype`: 429 is a
 * ThrottlingException, 403 an AccessDeniedException). Anything else: 404.
 *
 * Default answer (behaviour `'ok'` / `{}`): built from the JSON Schema the request carries
 * (`response_format.json_schema.schema`; for `json_object` a schema embedded in the prompt; for
 * Anthropic the forced tool's `input_schema`, answered as a `tool_use` block; an OpenAI request
 * without `response_format` whose prompt embeds a JSON Schema is answered as JSON too). Every required
 * property is filled, objects recurse, strings get `fakeDescription(propertyName)` — a
 * deterministic 15-25 word sentence — so `{"model_description": …, "columns": {"a": …}}` gets
 * `fakeDescription('model_description')` and `fakeDescription('a')`, and a top-level
 * `{"description": …}` gets `fakeDescription(schemaName)`. No schema: `FAKE_TEXT_ANSWER`.
 * Override the wording with the `describe` option.
 *
 * Usage reported: input = ceil(prompt characters / 4) where the prompt is all system and message
 * text (`RecordedRequest.prompt`), output = ceil(answer text characters / 4) (for Anthropic tool
 * answers, the JSON text of the input). With `promptCacheMinTokens`, part of the input is reported
 * as read from (or written to) a prompt cache the way each provider does it
 * (fake-llm-prompt-cache.ts); `usage` settings may also give `cachedInputTokens` directly. Override with `setUsage` / the `usage` option (fixed
 * numbers, partial numbers, or a function) or per behaviour with `usage`.
 *
 * Behaviour for each request = `respond(req)` hook if it returns one, else the next scripted
 * behaviour, else `'ok'`. Fields combine (`{delayMs: 500, status: 503}`):
 * - `status` (≥400) with optional `body` (object → JSON, string → raw), `headers`, `retryAfter`
 *   (seconds, or an HTTP-date string → `retry-after`), `retryAfterMs` (→ `retry-after-ms`)
 * - `body` without an error status: sent as-is with status 200 (or `status`), e.g. `'not json'`
 * - `quota: true`: 429 with code `insufficient_quota`
 * - `delayMs`: wait before answering (added to the server-wide `latencyMs`)
 * - `drop: true`: destroy the socket without answering
 * - `truncatedJson: true`: the JSON answer cut in half, finish reason `length` (Anthropic: sent
 *   as a text block instead of a tool call)
 * - `missingColumns: n`, `extraColumns: [...]`: drop the last n / add columns (inside
 *   `columns` when the answer has it, else top-level keys)
 * - `empty: true`: empty content; `text: '...'`: literal content; `answer: {...}`: literal object
 * - `invalid: 'placeholder'`: every string becomes `PLACEHOLDER_DESCRIPTION`
 * - `usage: {inputTokens, outputTokens}`
 * Option `rejectJsonSchema: true` answers every `json_schema` request with a 400 naming
 * `response_format` (a server without structured output; JSON mode requests succeed).
 *
 * Every request is recorded in `requests` (method, path, query, lower-cased headers, parsed body,
 * format, the schema asked for, prompt text, behaviour applied, status answered). The key is
 * legitimately in `authorization` / `x-api-key` / `api-key`; `secretLeaks(key)` lists anywhere
 * else it appears.
 */
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import {
  addColumns,
  answerFromSchema,
  dropColumns,
  FAKE_TEXT_ANSWER,
  fakeDescription,
  PLACEHOLDER_DESCRIPTION,
  replaceStrings,
  roughTokens,
} from './fake-llm-answers.js';
import { createFakePromptCache } from './fake-llm-prompt-cache.js';
import { countByFormat, findLeaks, readBody, recordRequest, waitFor } from './fake-llm-records.js';
import type {
  Behaviour,
  FakeLlmServer,
  FakeLlmServerOptions,
  FakeUsage,
  RecordedRequest,
  ScriptStep,
  UsageSetting,
} from './fake-llm-types.js';
import { errorBody, errorHeaders, errorShape, JSON_SCHEMA_REJECTION, successBody } from './fake-llm-wire.js';

export { fakeDescription, PLACEHOLDER_DESCRIPTION, FAKE_TEXT_ANSWER, roughTokens } from './fake-llm-answers.js';
export type { JsonSchema } from './fake-llm-answers.js';
export type * from './fake-llm-types.js';
export type { RecordedBody, SchemaMode, WireFormat } from './fake-llm-wire.js';

export async function startFakeLlmServer(opts: FakeLlmServerOptions = {}): Promise<FakeLlmServer> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptStep[] = [...(opts.script ?? [])];
  let respondHook = opts.respond;
  let usageSetting = opts.usage;
  let latencyMs = opts.latencyMs ?? 0;
  const describe = opts.describe ?? fakeDescription;
  const promptCache = opts.promptCacheMinTokens === undefined ? undefined : createFakePromptCache(opts.promptCacheMinTokens);
  const sockets = new Set<Socket>();
  const stop = new AbortController();
  // Every slow answer waits on this one signal: any number of them may be in flight.
  setMaxListeners(0, stop.signal);
  const waiters: (() => void)[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const record = recordRequest(req, rawBody, requests.length);
    requests.push(record);
    for (const wake of waiters.splice(0)) wake();

    const step = respondHook?.(record) ?? queue.shift() ?? 'ok';
    const behaviour: Behaviour = step === 'ok' ? {} : step;
    record.behaviour = behaviour;

    const wait = latencyMs + (behaviour.delayMs ?? 0);
    if (wait > 0) await delay(wait, undefined, { signal: stop.signal });
    // The client gave up (its timeout) while we waited: nothing to answer, status stays undefined.
    if (res.destroyed || req.socket.destroyed) return;
    if (behaviour.drop) {
      req.socket.destroy();
      return;
    }
    if (!record.format) {
      send(res, record, 404, errorBody(undefined, errorShape(404, '', false)));
      return;
    }
    const key = keyOf(record.headers);
    if (behaviour.quota) {
      send(res, record, 429, errorBody(record.format, errorShape(429, key, true)), { ...errorHeaders(record.format, 429), ...behaviour.headers });
      return;
    }
    if (behaviour.status !== undefined && behaviour.status >= 400) {
      const body = behaviour.body ?? errorBody(record.format, errorShape(behaviour.status, key, false));
      const headers = { ...errorHeaders(record.format, behaviour.status), ...retryHeaders(behaviour), ...behaviour.headers };
      send(res, record, behaviour.status, body, headers);
      return;
    }
    if (behaviour.body !== undefined) {
      // A raw 2xx body: malformed or hand-made answers ("bad JSON" tests).
      send(res, record, behaviour.status ?? 200, behaviour.body, behaviour.headers);
      return;
    }
    if (opts.rejectJsonSchema && record.schemaMode === 'json_schema') {
      send(res, record, 400, errorBody(record.format, JSON_SCHEMA_REJECTION));
      return;
    }
    answer(res, record, behaviour);
  }

  function answer(res: ServerResponse, record: RecordedRequest, b: Behaviour): void {
    const format = record.format ?? 'openai';
    let object: unknown;
    let text: string;
    if (b.empty) text = '';
    else if (b.text !== undefined) text = b.text;
    else if (b.answer !== undefined || record.schema) {
      object = b.answer !== undefined ? structuredClone(b.answer) : answerFromSchema(record.schema ?? {}, record.schemaName ?? 'answer', describe);
      if (b.missingColumns) dropColumns(object, b.missingColumns);
      if (b.extraColumns) addColumns(object, b.extraColumns, describe);
      if (b.invalid === 'placeholder') object = replaceStrings(object, PLACEHOLDER_DESCRIPTION);
      text = JSON.stringify(object);
    } else text = FAKE_TEXT_ANSWER;
    if (b.truncatedJson) {
      text = text.slice(0, Math.floor(text.length / 2));
      object = undefined;
    }
    const asTool = (format === 'anthropic' || format === 'bedrock') && record.schemaMode === 'tool' && object !== undefined && !b.empty;
    const usage = usageFor(record, text, b);
    record.answer = object;
    record.answerText = text;
    record.usage = usage;
    const body = successBody(format, {
      model: record.model ?? 'fake-model',
      ...(asTool ? { toolName: record.schemaName ?? 'answer', toolInput: object } : { text }),
      finish: b.truncatedJson ? 'length' : 'stop',
      usage,
    });
    send(res, record, 200, body);
  }

  function usageFor(record: RecordedRequest, text: string, b: Behaviour): FakeUsage {
    const cached = promptCache && record.format ? promptCache(record.format, record.body, record.prompt) : {};
    const base = { inputTokens: roughTokens(record.prompt), outputTokens: roughTokens(text), ...cached };
    const setting = typeof usageSetting === 'function' ? usageSetting(record, text) : usageSetting;
    return { ...base, ...definedOnly(setting), ...definedOnly(b.usage) };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;

  const kill = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      stop.abort();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    return closed;
  };

  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    port,
    requests,
    script: (steps) => void queue.push(...steps),
    pending: () => queue.length,
    setRespond: (hook) => void (respondHook = hook),
    setUsage: (usage) => void (usageSetting = usage),
    setLatency: (ms) => void (latencyMs = ms),
    counts: () => countByFormat(requests),
    secretLeaks: (secret) => findLeaks(requests, secret),
    waitForRequests: (n, timeoutMs = 10_000) => waitFor(() => requests.length >= n, waiters, timeoutMs),
    reset() {
      requests.length = 0;
      queue.length = 0;
      respondHook = opts.respond;
      usageSetting = opts.usage;
    },
    kill,
    close: kill,
  };
}

function send(
  res: ServerResponse,
  record: RecordedRequest,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.socket?.destroyed) return;
  record.status = status;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

function retryHeaders(b: Behaviour): Record<string, string> {
  const out: Record<string, string> = {};
  if (b.retryAfter !== undefined) out['retry-after'] = String(b.retryAfter);
  if (b.retryAfterMs !== undefined) out['retry-after-ms'] = String(b.retryAfterMs);
  return out;
}

function keyOf(headers: Record<string, string>): string {
  return headers['x-api-key'] ?? headers['api-key'] ?? headers['authorization']?.replace(/^Bearer\s+/i, '') ?? '';
}

function definedOnly(u: Partial<FakeUsage> | undefined): Partial<FakeUsage> {
  const out: Partial<FakeUsage> = {};
  if (u?.inputTokens !== undefined) out.inputTokens = u.inputTokens;
  if (u?.outputTokens !== undefined) out.outputTokens = u.outputTokens;
  if (u?.cachedInputTokens !== undefined) out.cachedInputTokens = u.cachedInputTokens;
  if (u?.cacheWriteInputTokens !== undefined) out.cacheWriteInputTokens = u.cacheWriteInputTokens;
  return out;
}

