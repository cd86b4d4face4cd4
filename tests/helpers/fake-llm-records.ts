/** Recording and querying the requests the fake LLM server receives. */
import type { IncomingMessage } from 'node:http';
import { promptText, routeOf, schemaOf, type RecordedBody, type WireFormat } from './fake-llm-wire.js';
import type { RecordedRequest } from './fake-llm-types.js';

/** Where the key legitimately travels. */
const AUTH_HEADERS = new Set(['authorization', 'x-api-key', 'api-key']);

export function recordRequest(req: IncomingMessage, rawBody: string, seq: number): RecordedRequest {
  const parsedUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  let body: RecordedBody | undefined;
  try {
    body = rawBody === '' ? undefined : (JSON.parse(rawBody) as RecordedBody);
  } catch {
    body = undefined;
  }
  const route = routeOf(req.method ?? 'GET', parsedUrl.pathname);
  const asked = route ? schemaOf(route.format, body) : undefined;
  const record: RecordedRequest = {
    seq,
    method: req.method ?? 'GET',
    path: parsedUrl.pathname,
    query: Object.fromEntries(parsedUrl.searchParams),
    headers,
    rawBody,
    body,
    format: route?.format,
    prompt: promptText(body),
    behaviour: {},
  };
  if (route?.deployment !== undefined) record.deployment = route.deployment;
  if (typeof body?.model === 'string') record.model = body.model;
  if (route?.modelId !== undefined) record.model = route.modelId;
  if (asked) {
    record.schema = asked.schema;
    record.schemaName = asked.name;
    record.schemaMode = asked.mode;
  }
  return record;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function countByFormat(requests: readonly RecordedRequest[]): Record<WireFormat | 'total', number> {
  const counts = { openai: 0, azure: 0, anthropic: 0, bedrock: 0, total: requests.length };
  for (const r of requests) if (r.format) counts[r.format]++;
  return counts;
}

export function findLeaks(requests: readonly RecordedRequest[], secret: string): string[] {
  const leaks: string[] = [];
  for (const r of requests) {
    if (r.path.includes(secret) || Object.values(r.query).some((v) => v.includes(secret))) {
      leaks.push(`request ${r.seq} url`);
    }
    for (const [name, value] of Object.entries(r.headers)) {
      if (!AUTH_HEADERS.has(name) && value.includes(secret)) leaks.push(`request ${r.seq} header ${name}`);
    }
    if (r.rawBody.includes(secret)) leaks.push(`request ${r.seq} body`);
  }
  return leaks;
}

export function waitFor(done: () => boolean, waiters: (() => void)[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fake LLM server: timed out after ${timeoutMs}ms`)), timeoutMs);
    const check = () => {
      if (done()) {
        clearTimeout(timer);
        resolve();
      } else waiters.push(check);
    };
    check();
  });
}
