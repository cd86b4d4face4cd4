import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheError } from '../../src/cache/cache-error.js';
import { CACHE_NAMESPACE, openResponseCache, type CachedResponse } from '../../src/cache/response-cache.js';
import { querySqliteFile } from './sqlite-file.js';

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'osmosis-cache-'));
  path = join(dir, 'nested', 'deeper', 'llm-cache.sqlite');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function answer(overrides: Partial<CachedResponse> = {}): CachedResponse {
  return {
    text: '{"description":"The order id."}',
    object: { description: 'The order id.' },
    usage: { inputTokens: 120, outputTokens: 9 },
    model: 'gpt-4o-mini',
    provider: 'openai',
    createdAt: Date.now(),
    ...overrides,
  };
}

describe('ResponseCache', () => {
  it('creates the parent directories and round-trips an answer', async () => {
    const cache = await openResponseCache(path);
    expect(await cache.get('k1')).toBeUndefined();
    const value = answer({ text: ':starts with a colon', object: { nested: [1, 'two', null] } });
    await cache.set('k1', value);
    expect(await cache.get('k1')).toEqual(value);
    await cache.close();
  });

  it('keeps answers without `object` (plain-text answers)', async () => {
    const cache = await openResponseCache(path);
    const { object: _dropped, ...plain } = answer();
    await cache.set('k', plain);
    expect(await cache.get('k')).toEqual(plain);
    await cache.close();
  });

  it('creates the file with mode 0600, and its -wal/-shm files too', async () => {
    const cache = await openResponseCache(path);
    await cache.set('k', answer());
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      expect(((await stat(file)).mode & 0o777).toString(8), file).toBe('600');
    }
    await cache.close();
  });

  it('tightens an existing file that others can read', async () => {
    const first = await openResponseCache(path);
    await first.close();
    await chmod(path, 0o644);
    const cache = await openResponseCache(path);
    expect(((await stat(path)).mode & 0o777).toString(8)).toBe('600');
    await cache.close();
  });

  it('runs in WAL mode, stored in the file for every connection', async () => {
    const cache = await openResponseCache(path);
    await cache.set('k', answer());
    const rows = await querySqliteFile<{ journal_mode: string }>(path, 'PRAGMA journal_mode');
    expect(rows[0]?.journal_mode).toBe('wal');
    await cache.close();
  });

  it('stores entries under the versioned namespace', async () => {
    const cache = await openResponseCache(path);
    await cache.set('abc', answer());
    await cache.close();
    const rows = await querySqliteFile<{ key: string }>(path, 'SELECT key FROM llm_cache');
    expect(rows.map((r) => r.key)).toEqual([`${CACHE_NAMESPACE}:abc`]);
  });

  it('persists across close and reopen, hits included', async () => {
    const cache = await openResponseCache(path);
    await cache.set('k', answer({ text: 'kept' }));
    await cache.get('k');
    await cache.close();
    const again = await openResponseCache(path);
    expect((await again.get('k'))?.text).toBe('kept');
    expect(await again.stats()).toMatchObject({ entries: 1, hits: 2 });
    await again.close();
  });

  it('reports entries, bytes on disk and hits; misses are not hits', async () => {
    const cache = await openResponseCache(path);
    expect(await cache.stats()).toMatchObject({ entries: 0, hits: 0 });
    for (let i = 0; i < 10; i++) await cache.set(`k${i}`, answer());
    await Promise.all([cache.get('k1'), cache.get('k2'), cache.get('k3'), cache.get('missing')]);
    const stats = await cache.stats();
    expect(stats.entries).toBe(10);
    expect(stats.hits).toBe(3);
    const onDisk = await Promise.all(
      [path, `${path}-wal`, `${path}-shm`].map((f) => stat(f).then((s) => s.size, () => 0)),
    );
    expect(stats.bytes).toBe(onDisk.reduce((a, b) => a + b, 0));
    expect(stats.bytes).toBeGreaterThan(0);
    await cache.close();
  });

  it('peek reads without counting a hit (the dry run asks without using the answer)', async () => {
    const cache = await openResponseCache(path);
    await cache.set('k', answer({ text: 'peeked' }));
    expect((await cache.peek('k'))?.text).toBe('peeked');
    expect(await cache.peek('missing')).toBeUndefined();
    expect((await cache.stats()).hits).toBe(0);
    await cache.close();
  });

  it('counts a burst of concurrent hits exactly', async () => {
    const cache = await openResponseCache(path);
    await cache.set('k', answer());
    await Promise.all(Array.from({ length: 500 }, () => cache.get('k')));
    expect((await cache.stats()).hits).toBe(500);
    await cache.close();
  });

  it('clear drops every entry and the hit count, and says how many', async () => {
    const cache = await openResponseCache(path);
    for (let i = 0; i < 5; i++) await cache.set(`k${i}`, answer());
    await cache.get('k0');
    expect(await cache.clear()).toBe(5);
    expect(await cache.stats()).toMatchObject({ entries: 0, hits: 0 });
    expect(await cache.get('k0')).toBeUndefined();
    await cache.set('k0', answer());
    expect(await cache.get('k0')).toBeDefined();
    await cache.close();
  });

  it('prune drops entries older than maxAge and keeps the rest', async () => {
    const now = Date.now();
    const day = 86_400_000;
    const cache = await openResponseCache(path);
    await cache.set('old', answer({ createdAt: now - 40 * day }));
    await cache.set('older', answer({ createdAt: now - 400 * day }));
    await cache.set('fresh', answer({ createdAt: now - day }));
    expect(await cache.prune(30 * day, now)).toBe(2);
    expect(await cache.get('old')).toBeUndefined();
    expect(await cache.get('fresh')).toBeDefined();
    expect(await cache.prune(30 * day, now)).toBe(0);
    expect(await cache.prune(0, now + 1)).toBe(1);
    expect((await cache.stats()).entries).toBe(0);
    await expect(cache.prune(-1)).rejects.toThrow(RangeError);
    await cache.close();
  });

  it('prune also drops keyv-expired and unreadable rows, and leaves other namespaces alone', async () => {
    const now = Date.now();
    const cache = await openResponseCache(path);
    await cache.set('fresh', answer({ createdAt: now }));
    await cache.close();
    const ns = CACHE_NAMESPACE;
    await querySqliteFile(
      path,
      `INSERT INTO llm_cache(key, value) VALUES
        ('${ns}:expired', '${JSON.stringify({ value: answer({ createdAt: now }), expires: now - 1 })}'),
        ('${ns}:garbage', 'not json'),
        ('osmosis-ts-llm-v0:old-version', '${JSON.stringify({ value: answer({ createdAt: 0 }) })}')`,
    );
    const again = await openResponseCache(path);
    expect(await again.get('garbage')).toBeUndefined();
    expect(await again.prune(60_000, now)).toBe(2);
    expect((await again.stats()).entries).toBe(1);
    await again.close();
    const rows = await querySqliteFile<{ key: string }>(path, 'SELECT key FROM llm_cache ORDER BY key');
    expect(rows.map((r) => r.key)).toEqual(['osmosis-ts-llm-v0:old-version', `${ns}:fresh`]);
  });

  it('treats a stored row of the wrong shape as a miss, not a hit', async () => {
    const cache = await openResponseCache(path);
    await cache.close();
    await querySqliteFile(
      path,
      `INSERT INTO llm_cache(key, value) VALUES ('${CACHE_NAMESPACE}:bad', '{"value":{"text":42}}')`,
    );
    const again = await openResponseCache(path);
    expect(await again.get('bad')).toBeUndefined();
    expect((await again.stats()).hits).toBe(0);
    await again.close();
  });

  it('lets two connections share the file: what one writes, the other reads', async () => {
    const a = await openResponseCache(path);
    const b = await openResponseCache(path);
    await a.set('from-a', answer({ text: 'a' }));
    await b.set('from-b', answer({ text: 'b' }));
    expect((await b.get('from-a'))?.text).toBe('a');
    expect((await a.get('from-b'))?.text).toBe('b');
    // Each connection writes its hit count when it closes (or reports stats).
    await b.close();
    expect((await a.stats()).hits).toBe(2);
    await a.close();
  });

  it('refuses use after close, and close twice is fine', async () => {
    const cache = await openResponseCache(path);
    await cache.close();
    await cache.close();
    await expect(cache.get('k')).rejects.toMatchObject({ name: 'CacheError', code: 'cache-closed' });
  });

  it('explains a file that is not a database', async () => {
    const bogus = join(dir, 'not-a-db.sqlite');
    await writeFile(bogus, 'this is not sqlite, but long enough to have a header '.repeat(20), { mode: 0o600 });
    const error = await openResponseCache(bogus).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CacheError);
    expect(error).toMatchObject({ code: 'cache-open-failed', file: bogus });
    expect((error as Error).message).toMatch(/not-a-db\.sqlite.*--llm-cache-path|--no-llm-cache/s);
  });

  it('explains a path it cannot create', async () => {
    await writeFile(join(dir, 'file'), 'x');
    const error = await openResponseCache(join(dir, 'file', 'cache.sqlite')).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CacheError', code: 'cache-open-failed' });
  });
});
