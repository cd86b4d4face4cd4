import { timingSafeEqual } from 'node:crypto';

/** The parts of a request the guard looks at (plain data, so the rules are testable without a socket). */
export interface RequestFacts {
  method: string;
  /** Path and query, as in `IncomingMessage.url`. */
  url: string;
  host: string | undefined;
  /** The `X-Review-Token` header. */
  tokenHeader: string | undefined;
  origin: string | undefined;
  contentType: string | undefined;
}

export type GuardResult =
  | { ok: true; pathname: string }
  | { ok: false; status: number; code: string; message: string; allow?: string };

/** Paths that change state: POST only, with the token in a header (never in a URL, which leaks to history). */
export const POST_ROUTES: ReadonlySet<string> = new Set(['/api/act', '/api/apply', '/api/rollback']);

/**
 * The request rules of docs/review.md, in order: the Host header must name this loopback server
 * (DNS rebinding), the token must be present (query for page and assets, header for the API),
 * state changes only by POST with a JSON body and no foreign Origin.
 */
export function checkRequest(req: RequestFacts, opts: { token: string; hosts: ReadonlySet<string>; origins: ReadonlySet<string> }): GuardResult {
  if (req.host === undefined || !opts.hosts.has(req.host.toLowerCase())) {
    return { ok: false, status: 403, code: 'foreign-host', message: `Host ${JSON.stringify(req.host ?? '')} is not this review server; open the URL osmosis-ts review printed.` };
  }
  const url = new URL(req.url, 'http://review.invalid');
  const isApi = url.pathname.startsWith('/api/');
  const given = isApi ? req.tokenHeader : url.searchParams.get('token') ?? undefined;
  if (given === undefined || !sameToken(given, opts.token)) {
    return { ok: false, status: 401, code: 'bad-token', message: isApi ? 'missing or wrong X-Review-Token header' : 'missing or wrong token: open the URL osmosis-ts review printed, with its ?token=' };
  }
  if (POST_ROUTES.has(url.pathname)) {
    if (req.method !== 'POST') return { ok: false, status: 405, code: 'post-only', message: `${url.pathname} changes proposals: POST only`, allow: 'POST' };
    if (!/^application\/json\b/i.test(req.contentType ?? '')) return { ok: false, status: 415, code: 'json-only', message: 'send the body as application/json' };
    if (req.origin !== undefined && !opts.origins.has(req.origin.toLowerCase())) {
      return { ok: false, status: 403, code: 'foreign-origin', message: `Origin ${req.origin} may not change proposals` };
    }
  } else if (req.method !== 'GET' && req.method !== 'HEAD') {
    return { ok: false, status: 405, code: 'get-only', message: `${url.pathname} is read-only: GET`, allow: 'GET, HEAD' };
  }
  return { ok: true, pathname: url.pathname };
}

/** Constant-time comparison, so response timing says nothing about how much of a guess matched. */
function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
