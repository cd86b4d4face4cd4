import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InputError, OsmosisError } from '../../errors.js';
import type { ReviewStore } from '../types.js';
import { checkRequest } from './check-request.js';
import { allowedHostHeaders, parseLoopbackHost } from './loopback-host.js';
import { loadPageAssets, type PageAssets } from './page-assets.js';
import { createProposalCache } from './proposal-cache.js';
import { answerApi } from './review-api.js';
import { SECURITY_HEADERS } from './security-headers.js';

export interface ReviewServerOptions {
  store: ReviewStore;
  /** Who acts: every action from the page is recorded under this name. */
  actor: string;
  /** A loopback address (default 127.0.0.1); anything else is refused. */
  host?: string;
  /** 0 or absent: a free port. */
  port?: number;
  /**
   * The store's files (`.osmosis/proposals.jsonl`, `audit.jsonl`): the server keeps what it read
   * until one of them changes. Without them, every request reads the store.
   */
  storeFiles?: readonly string[];
}

export interface ReviewServer {
  /** The page's URL, with the token: the only way in. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** A request body the API cannot read (too large, not JSON): the client's fault, answered with `status`. */
class BodyError extends OsmosisError {
  constructor(readonly status: number, message: string) {
    super('review-bad-body', message);
  }
}

/** Starts the review page's server on a loopback address with a fresh random token. */
export async function startReviewServer(opts: ReviewServerOptions): Promise<ReviewServer> {
  const binding = parseLoopbackHost(opts.host ?? '127.0.0.1');
  const token = randomBytes(24).toString('base64url');
  const assets = await loadPageAssets(token);
  const snapshot = createProposalCache(opts.store, opts.storeFiles ?? []);
  // Read before the URL is handed out, so the first page load does not wait for it.
  await snapshot();
  let hosts = new Set<string>();
  let origins = new Set<string>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendError(res, error));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const verdict = checkRequest(
      {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        host: req.headers.host,
        tokenHeader: header(req, 'x-review-token'),
        origin: header(req, 'origin'),
        contentType: header(req, 'content-type'),
      },
      { token, hosts, origins },
    );
    if (!verdict.ok) {
      send(res, verdict.status, { error: { code: verdict.code, message: verdict.message } }, verdict.allow ? { Allow: verdict.allow } : {});
      req.resume();
      return;
    }
    if (!verdict.pathname.startsWith('/api/')) {
      serveAsset(res, assets, verdict.pathname, req.method === 'HEAD');
      return;
    }
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    const query = new URL(req.url ?? '/', 'http://review.invalid').searchParams;
    const answer = await answerApi(opts.store, snapshot, opts.actor, { method: req.method ?? 'GET', pathname: verdict.pathname, query, body });
    if (answer === undefined) send(res, 404, { error: { code: 'not-found', message: `no API route ${verdict.pathname}` } });
    else if ('json' in answer) sendJson(res, answer.status, answer.json);
    else send(res, answer.status, answer.body);
  }

  server.listen(opts.port ?? 0, binding.address);
  try {
    await once(server, 'listening');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw error;
    throw new InputError('review-port-unavailable', `cannot listen on ${binding.urlHost}:${opts.port ?? 0} (${code}): pick another --port, or leave it out for a free one`, { cause: error });
  }
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHostHeaders(binding, port);
  origins = new Set([...hosts].map((h) => `http://${h}`));
  const origin = `http://${binding.urlHost}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function serveAsset(res: ServerResponse, assets: PageAssets, pathname: string, headOnly: boolean): void {
  if (pathname === '/') {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
    res.end(headOnly ? undefined : assets.html);
    return;
  }
  const file = pathname.startsWith('/assets/') ? assets.files.get(pathname.slice('/assets/'.length)) : undefined;
  if (file === undefined) {
    send(res, 404, { error: { code: 'not-found', message: `no page file ${pathname}` } });
    return;
  }
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': file.type });
  res.end(headOnly ? undefined : file.body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BodyError(400, 'request body is not JSON');
  }
}

function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  sendJson(res, status, JSON.stringify(body), extra);
}

function sendJson(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...extra, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** A store error about the input (unknown id, stale store) is the client's (400); anything else is ours (500), said as such. */
function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof BodyError) send(res, error.status, { error: { code: 'bad-request', message: error.message } });
  else if (error instanceof InputError) send(res, 400, { error: { code: error.code, message: error.message } });
  else send(res, 500, { error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } });
}
