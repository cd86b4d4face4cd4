/**
 * `osmosis-ts review` as a user runs it (bin/osmosis-ts.js → dist/, so `npm run build` first):
 * prints the URL with its token, serves the page there, stops cleanly on SIGTERM; refuses a
 * non-loopback --host and a busy port.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { seedReviewProject } from './seed-review-project.js';

const CLI = path.join(REPO_ROOT, 'bin/osmosis-ts.js');
const ENV = { ...process.env, OSMOSIS_REVIEWER: 'Grace', NO_COLOR: '1' };
let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('osmosis-ts review (serve)', () => {
  it('prints the URL with the token, serves the page there, and stops on SIGTERM', async () => {
    dir = seedReviewProject().dir;
    const child = spawn(process.execPath, [CLI, 'review', '--no-open', '--project-dir', dir], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const found = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out)?.[1];
        if (found) resolve(found);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out} ${err}`)));
    });
    expect(out).toContain('as Grace');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>osmosis-ts review</title>');
    const list = await fetch(new URL('/api/proposals', url), { headers: { 'X-Review-Token': new URL(url).searchParams.get('token')! } });
    expect(((await list.json()) as { proposals: unknown[] }).proposals).toHaveLength(6);
    expect((await fetch(new URL('/', url))).status).toBe(401);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(err).toContain('Review server stopped (SIGTERM)');
  });

  it('refuses a --host that is not loopback, and a port in use, with exit 2', async () => {
    dir = seedReviewProject().dir;
    const host = spawnSync(process.execPath, [CLI, 'review', '--no-open', '--host', '0.0.0.0', '--project-dir', dir], { env: ENV, encoding: 'utf8' });
    expect(host.status).toBe(2);
    expect(host.stderr).toContain('--host "0.0.0.0" is not a loopback address');

    const busy = createServer().listen(0, '127.0.0.1');
    await once(busy, 'listening');
    const port = (busy.address() as { port: number }).port;
    try {
      const taken = spawnSync(process.execPath, [CLI, 'review', '--no-open', '--port', String(port), '--project-dir', dir], { env: ENV, encoding: 'utf8' });
      expect(taken.status).toBe(2);
      expect(taken.stderr).toContain(`cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
    } finally {
      busy.close();
    }
  });
});
