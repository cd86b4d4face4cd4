import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openResponseCache } from '../../src/cache/response-cache.js';
import { compileCacheModule } from './compile-cache-module.js';
import { querySqliteFile } from './sqlite-file.js';

let build: string;
let dir: string;

beforeAll(async () => {
  build = await compileCacheModule();
  dir = await mkdtemp(join(tmpdir(), 'osmosis-cache-procs-'));
});

afterAll(async () => {
  await rm(build, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

interface Writer {
  child: ChildProcess;
  /** Indexes the child printed, i.e. sets that had resolved. */
  acked: number[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWriter(args: string[], onAck?: (i: number, child: ChildProcess) => void): Writer {
  const child = spawn(process.execPath, [join(build, 'writer.mjs'), ...args], { stdio: 'pipe' });
  const acked: number[] = [];
  const stderr: string[] = [];
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      acked.push(Number(line));
      onAck?.(Number(line), child);
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, acked, stderr, exited };
}

async function integrity(path: string): Promise<string | undefined> {
  const rows = await querySqliteFile<{ integrity_check: string }>(path, 'PRAGMA integrity_check');
  return rows[0]?.integrity_check;
}

describe('ResponseCache across processes', () => {
  it('loses no acknowledged write when the writer is killed with SIGKILL', async () => {
    const path = join(dir, 'killed.sqlite');
    const writer = startWriter([path, 'k', '1000000'], (i, child) => {
      if (i === 150) child.kill('SIGKILL');
    });
    const { signal } = await writer.exited;
    expect(signal).toBe('SIGKILL');
    expect(writer.acked.length).toBeGreaterThanOrEqual(151);

    expect(await integrity(path)).toBe('ok');
    const cache = await openResponseCache(path);
    for (const i of writer.acked) {
      expect((await cache.get(`k-${i}`))?.text, `k-${i}`).toBe(`k answer ${i}`);
    }
    const { entries } = await cache.stats();
    // Everything acknowledged is there; at most the one write in flight at the kill beyond it.
    expect(entries - writer.acked.length).toBeGreaterThanOrEqual(0);
    expect(entries - writer.acked.length).toBeLessThanOrEqual(1);
    await cache.close();
  });

  it('lets two processes write and read one new file at once without losing or corrupting', async () => {
    const path = join(dir, 'shared', 'cache.sqlite');
    const count = 200;
    const a = startWriter([path, 'a', String(count), 'b']);
    const b = startWriter([path, 'b', String(count), 'a']);
    const [ea, eb] = await Promise.all([a.exited, b.exited]);
    expect({ ...ea, stderr: a.stderr.join('') }).toMatchObject({ code: 0, stderr: expect.stringMatching(/^seen \d+\n$/) });
    expect({ ...eb, stderr: b.stderr.join('') }).toMatchObject({ code: 0, stderr: expect.stringMatching(/^seen \d+\n$/) });

    expect(await integrity(path)).toBe('ok');
    const cache = await openResponseCache(path);
    const stats = await cache.stats();
    expect(stats.entries).toBe(2 * count);
    for (const prefix of ['a', 'b']) {
      for (let i = 0; i < count; i++) {
        const got = await cache.get(`${prefix}-${i}`);
        expect(got?.text).toBe(`${prefix} answer ${i}`);
        expect(got?.object).toEqual({ i });
      }
    }
    // Hits counted by both children (each printed how many of its reads hit) add up in the file.
    const seen = [a, b].map((w) => Number(/seen (\d+)/.exec(w.stderr.join(''))?.[1]));
    expect(stats.hits).toBe(seen[0]! + seen[1]!);
    await cache.close();
  });
});
