/**
 * The review server's guard over raw HTTP: no token, a wrong token, a foreign Host (DNS
 * rebinding), a GET or a form post that tries to change state, and a foreign Origin are all
 * refused, and none of them changes the store. Plus: loopback only, no CORS, a strict CSP.
 */
import { request } from 'node:http';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openReviewStore, type ReviewStore } from '../../src/review/index.js';
import { parseLoopbackHost } from '../../src/review/server/loopback-host.js';
import { startReviewServer, type ReviewServer } from '../../src/review/server/start-review-server.js';
import { seedReviewProject } from './seed-review-project.js';

let server: ReviewServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http rather than fetch: fetch will not send a forged Host header. */
function send(s: ReviewServer, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: s.port, method: opts.method ?? 'GET', path: opts.path, headers: { Host: `127.0.0.1:${s.port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function start(): Promise<{ s: ReviewServer; store: ReviewStore; approveBody: string }> {
  const seeded = seedReviewProject();
  dir = seeded.dir;
  const store = await openReviewStore({ projectDir: dir });
  server = await startReviewServer({ store, actor: 'tester' });
  const first = seeded.proposals[0]!;
  return { s: server, store, approveBody: JSON.stringify({ action: 'approve', items: [{ id: first.id, revision: first.revision }] }) };
}

async function statuses(store: ReviewStore): Promise<string[]> {
  return (await store.list()).proposals.map((p) => p.status);
}

describe('review server guard', () => {
  it('serves the page and the API with the token, on 127.0.0.1, with a strict CSP and no CORS', async () => {
    const { s } = await start();
    expect(s.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${s.port}/\\?token=[A-Za-z0-9_-]{32}$`));
    const page = await send(s, { path: `/?token=${s.token}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`/assets/review-page.js?token=${s.token}`);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    expect((await send(s, { path: `/assets/review.css?token=${s.token}` })).status).toBe(200);
    const list = await send(s, { path: '/api/proposals', headers: { 'X-Review-Token': s.token, Origin: 'http://evil.example' } });
    expect(list.status).toBe(200);
    expect(list.headers['access-control-allow-origin']).toBeUndefined();
    expect(JSON.parse(list.body).proposals).toHaveLength(6);
    // A second server gets another token.
    const other = await startReviewServer({ store: await openReviewStore({ projectDir: dir! }), actor: 'x' });
    expect(other.token).not.toBe(s.token);
    expect((await send(other, { path: '/api/proposals', headers: { 'X-Review-Token': s.token, Host: `127.0.0.1:${other.port}` } })).status).toBe(401);
    await other.close();
  });

  it('refuses requests without the token or with a wrong one, for the page, its files and the API', async () => {
    const { s, store, approveBody } = await start();
    expect((await send(s, { path: '/' })).status).toBe(401);
    expect((await send(s, { path: '/?token=nope' })).status).toBe(401);
    expect((await send(s, { path: '/assets/review-page.js' })).status).toBe(401);
    expect((await send(s, { path: '/api/proposals' })).status).toBe(401);
    // The API takes the token from a header only, not from the URL.
    expect((await send(s, { path: `/api/proposals?token=${s.token}` })).status).toBe(401);
    const post = await send(s, { method: 'POST', path: '/api/act', headers: { 'Content-Type': 'application/json', 'X-Review-Token': `${s.token}x` }, body: approveBody });
    expect(post.status).toBe(401);
    expect(JSON.parse(post.body).error.code).toBe('bad-token');
    expect(await statuses(store)).toEqual(Array(6).fill('pending'));
  });

  it('refuses a foreign Host header (DNS rebinding), even with the right token', async () => {
    const { s, store, approveBody } = await start();
    for (const host of [`evil.example:${s.port}`, `127.0.0.1.nip.io:${s.port}`, `127.0.0.1:${s.port + 1}`, '127.0.0.1']) {
      const page = await send(s, { path: `/?token=${s.token}`, headers: { Host: host } });
      expect(page.status, host).toBe(403);
      expect(page.body).not.toContain('review-token');
      const act = await send(s, { method: 'POST', path: '/api/act', headers: { Host: host, 'Content-Type': 'application/json', 'X-Review-Token': s.token }, body: approveBody });
      expect(act.status, host).toBe(403);
    }
    expect((await send(s, { path: `/?token=${s.token}`, headers: { Host: `localhost:${s.port}` } })).status).toBe(200);
    expect(await statuses(store)).toEqual(Array(6).fill('pending'));
  });

  it('changes state only by POST with a JSON body and no foreign Origin', async () => {
    const { s, store, approveBody } = await start();
    const auth = { 'X-Review-Token': s.token };
    for (const path of ['/api/act', '/api/apply', '/api/rollback']) {
      const get = await send(s, { path, headers: auth });
      expect(get.status, path).toBe(405);
      expect(get.headers['allow']).toBe('POST');
    }
    expect((await send(s, { method: 'GET', path: `/api/act?action=approve`, headers: auth })).status).toBe(405);
    expect((await send(s, { method: 'PUT', path: '/api/proposals', headers: auth })).status).toBe(405);
    // A form post (what a foreign page can send without a preflight) is not JSON.
    expect((await send(s, { method: 'POST', path: '/api/act', headers: { ...auth, 'Content-Type': 'text/plain' }, body: approveBody })).status).toBe(415);
    expect((await send(s, { method: 'POST', path: '/api/act', headers: { ...auth, 'Content-Type': 'application/json', Origin: 'http://evil.example' }, body: approveBody })).status).toBe(403);
    expect(await statuses(store)).toEqual(Array(6).fill('pending'));

    const ok = await send(s, { method: 'POST', path: '/api/act', headers: { ...auth, 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${s.port}` }, body: approveBody });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).updated[0]).toMatchObject({ status: 'approved', reviewedBy: 'tester' });
  });

  it('answers a bad body with 400 naming the field, and a stale revision with 409 and the current state', async () => {
    const { s, store } = await start();
    const post = (body: string): Promise<Answer> => send(s, { method: 'POST', path: '/api/act', headers: { 'X-Review-Token': s.token, 'Content-Type': 'application/json' }, body });
    const bad = await post(JSON.stringify({ action: 'approve', items: [{ id: 'x' }] }));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toContain('items.0.revision');
    expect((await post('{not json')).status).toBe(400);
    const [first] = (await store.list()).proposals;
    expect((await post(JSON.stringify({ action: 'approve', items: [{ id: first!.id, revision: 0 }] }))).status).toBe(200);
    const late = await post(JSON.stringify({ action: 'reject', items: [{ id: first!.id, revision: 0 }] }));
    expect(late.status).toBe(409);
    expect(JSON.parse(late.body).conflicts[0].current).toMatchObject({ id: first!.id, status: 'approved', revision: 1 });
  });

  it('binds loopback addresses only', async () => {
    for (const host of ['0.0.0.0', '192.168.1.10', '::', 'example.com', '']) {
      expect(() => parseLoopbackHost(host), host).toThrow(/not a loopback address/);
    }
    expect(parseLoopbackHost('localhost').address).toBe('127.0.0.1');
    expect(parseLoopbackHost('[::1]').address).toBe('::1');
    await expect(startReviewServer({ store: {} as ReviewStore, actor: 'x', host: '0.0.0.0' })).rejects.toMatchObject({ code: 'review-host-not-loopback' });
  });
});
