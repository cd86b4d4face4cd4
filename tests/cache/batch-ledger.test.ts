/** The batch ledger in the cache database: intent before submit, ids as they come, waves gone with their last request. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openResponseCache } from '../../src/cache/response-cache.js';
import { querySqliteFile } from './sqlite-file.js';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'osmosis-ledger-'));
  path = join(dir, 'llm-cache.sqlite');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const wave = { wave: 'wave-a', provider: 'openai', size: 2, intentAt: 1_000 };
const items = [
  { key: 'k1', customId: 'c1' },
  { key: 'k2', customId: 'c2' },
];

describe('batch ledger', () => {
  it('an intent is findable before any id exists; file and batch ids are added to it', async () => {
    const cache = await openResponseCache(path);
    expect(await cache.recordBatchIntent(wave, items)).toEqual({});
    expect(await cache.findBatchItems(['k1', 'k2', 'k3'])).toEqual(
      new Map([
        ['k1', { customId: 'c1', wave }],
        ['k2', { customId: 'c2', wave }],
      ]),
    );
    await cache.recordBatchFile('wave-a', 'file-1');
    await cache.recordBatchId('wave-a', 'batch_1');
    expect((await cache.findBatchItems(['k2'])).get('k2')).toEqual({ customId: 'c2', wave: { ...wave, fileId: 'file-1', batchId: 'batch_1' } });
    await cache.recordBatchIntent({ ...wave, wave: 'wave-b', provider: 'anthropic' }, [{ key: 'k3', customId: 'c3' }]);
    await cache.recordBatchId('wave-b', 'msgbatch_1');
    expect(await cache.listBatchIds('openai')).toEqual(new Set(['batch_1']));
    await cache.close();
  });

  it('the same wave recorded again keeps its uploaded file, takes the new intent time and drops the old batch id', async () => {
    const cache = await openResponseCache(path);
    await cache.recordBatchIntent(wave, items);
    await cache.recordBatchFile('wave-a', 'file-1');
    await cache.recordBatchId('wave-a', 'batch_1');
    expect(await cache.recordBatchIntent({ ...wave, intentAt: 2_000 }, items)).toEqual({ fileId: 'file-1' });
    expect((await cache.findBatchItems(['k1'])).get('k1')?.wave).toEqual({ ...wave, intentAt: 2_000, fileId: 'file-1' });
    await cache.close();
  });

  it('forgetting the last request of a wave drops the wave; other waves stay', async () => {
    const cache = await openResponseCache(path);
    await cache.recordBatchIntent(wave, items);
    await cache.recordBatchIntent({ ...wave, wave: 'wave-b', size: 1 }, [{ key: 'k3', customId: 'c3' }]);
    await cache.forgetBatchItems(['k1']);
    expect([...(await cache.findBatchItems(['k1', 'k2', 'k3'])).keys()]).toEqual(['k2', 'k3']);
    await cache.forgetBatchItems(['k2']);
    await cache.close();
    expect(await querySqliteFile(path, 'SELECT wave FROM llm_batch_waves')).toEqual([{ wave: 'wave-b' }]);
  });

  it('clear() empties the ledger', async () => {
    const cache = await openResponseCache(path);
    await cache.recordBatchIntent(wave, items);
    await cache.clear();
    expect(await cache.findBatchItems(['k1'])).toEqual(new Map());
    await cache.close();
    expect(await querySqliteFile(path, 'SELECT count(*) AS n FROM llm_batch_waves')).toEqual([{ n: 0 }]);
  });
});
