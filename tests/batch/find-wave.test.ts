/**
 * `BatchApi.findWave` through the real SDKs against the fake batch endpoints: how a resumed run
 * finds the batch an earlier run submitted without recording its id. The fake's batches are set
 * up directly (ids, times, states), as the provider would hold them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicBatchApi } from '../../src/llm/batch/anthropic-batch.js';
import { createOpenAiBatchApi } from '../../src/llm/batch/openai-batch.js';
import { CLOCK_SLACK_MS, MAX_LISTED_BATCHES, type WaveIdentity } from '../../src/llm/batch/types.js';
import { startFakeBatchServer, type FakeBatch, type FakeBatchServer } from '../helpers/fake-batch-server.js';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { fakeLlmSettings } from '../helpers/fake-llm-settings.js';

let inner: FakeLlmServer;
let fake: FakeBatchServer;
beforeEach(async () => {
  inner = await startFakeLlmServer();
  fake = await startFakeBatchServer({ inner, autoComplete: false });
});
afterEach(async () => {
  await fake.close();
  await inner.close();
});

const INTENT = Date.now() - 3_600_000;

/** A batch as the provider holds it; `ended` ones report every item expired, by its custom id. */
function add(provider: 'openai' | 'anthropic', customIds: string[], opts: { createdAt?: number; ended?: boolean; wave?: string } = {}): string {
  const id = `${provider === 'openai' ? 'batch' : 'msgbatch'}_${fake.batches.length + 1}`;
  const batch: FakeBatch = {
    id,
    provider,
    items: customIds.map((customId) => ({ customId, body: {} })),
    state: opts.ended ? 'ended' : 'in_progress',
    polls: 0,
    createdAt: opts.createdAt ?? INTENT + 1_000,
    ...(opts.ended ? { outcomes: [] } : {}),
    ...(opts.wave ? { metadata: { source: 'osmosis-ts', osmosis_wave: opts.wave } } : {}),
  };
  fake.batches.push(batch);
  return id;
}

const ours = ['osm-a', 'osm-b', 'osm-c'];
const theirs = ['x-1', 'x-2', 'x-3'];
const wave = (overrides: Partial<WaveIdentity> = {}): WaveIdentity => ({ id: 'wave-1', size: 3, intentAt: INTENT, customIds: ours, taken: new Set(), ...overrides });
const anthropic = () => createAnthropicBatchApi(fakeLlmSettings({ url: fake.url, openaiBaseUrl: fake.openaiBaseUrl }, 'anthropic'));
const openai = () => createOpenAiBatchApi(fakeLlmSettings({ url: fake.url, openaiBaseUrl: fake.openaiBaseUrl }, 'openai'));

describe('findWave: OpenAI, by the wave in the batch metadata', () => {
  it('finds it past the first page of the listing, newest first', async () => {
    const target = add('openai', ours, { wave: 'wave-1' });
    for (let i = 0; i < 150; i++) add('openai', theirs, { wave: `wave-other-${i}` });
    expect(await (await openai()).findWave(wave())).toEqual({ batchId: target });
    expect(fake.calls.filter((c) => c === 'GET /v1/batches')).toHaveLength(2);
  });

  it('more batches since the intent than it lists: incomplete, never a quiet none', async () => {
    add('openai', ours, { wave: 'wave-1' });
    for (let i = 0; i < MAX_LISTED_BATCHES + 1; i++) add('openai', theirs, { wave: `wave-other-${i}` });
    expect(await (await openai()).findWave(wave())).toEqual({ incomplete: true });
  });

  it('stops at batches created before the intent (less the clock slack): none', async () => {
    add('openai', ours, { wave: 'wave-1', createdAt: INTENT - CLOCK_SLACK_MS - 5_000 });
    add('openai', theirs, { wave: 'wave-2' });
    expect(await (await openai()).findWave(wave())).toEqual({});
  });
});

describe('findWave: Anthropic, by request count, confirmed by custom ids when ended', () => {
  it('an ended batch of the same size is not the wave unless its results name the wave’s requests', async () => {
    add('anthropic', theirs, { ended: true });
    expect(await (await anthropic()).findWave(wave())).toEqual({});
    const target = add('anthropic', ours, { ended: true });
    expect(await (await anthropic()).findWave(wave())).toEqual({ batchId: target });
  });

  it('a lone running batch of the same size is adopted; two are ambiguous; other sizes and older ones do not count', async () => {
    add('anthropic', ['only-one']);
    add('anthropic', theirs, { createdAt: INTENT - CLOCK_SLACK_MS - 5_000 });
    const first = add('anthropic', ours);
    expect(await (await anthropic()).findWave(wave())).toEqual({ batchId: first });
    const second = add('anthropic', theirs);
    expect(await (await anthropic()).findWave(wave())).toEqual({ ambiguous: [second, first] });
  });

  it('more batches since the intent than it lists: a lone running candidate is not adopted, the search is incomplete', async () => {
    add('anthropic', ours);
    for (let i = 0; i < MAX_LISTED_BATCHES; i++) add('anthropic', ['one']);
    add('anthropic', theirs);
    expect(await (await anthropic()).findWave(wave())).toEqual({ incomplete: true });
  });

  it('a running batch the ledger gives to another wave is not a candidate', async () => {
    const first = add('anthropic', ours);
    const other = add('anthropic', theirs);
    expect(await (await anthropic()).findWave(wave({ taken: new Set([other]) }))).toEqual({ batchId: first });
  });
});
