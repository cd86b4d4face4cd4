/**
 * The ledger side of `createBatchWaves`, with a batch API kept in memory (the wire is tested in
 * batch-resume.test.ts): a ledger write that fails right after the submit call stands for a kill at
 * that instant. The next run, on the same cache file, finds the batch and submits nothing again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openResponseCache, type ResponseCache } from '../../src/cache/response-cache.js';
import type { BatchApi, BatchItem, WaveSearch } from '../../src/llm/batch/types.js';
import type { GenerateRequest } from '../../src/llm/types.js';
import { createBatchWaves, type BatchLedger } from '../../src/synthesis/run/batch/batch-waves.js';
import { sampleRequest } from '../helpers/sample-requests.js';

let dir: string;
let cache: ResponseCache;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'osmosis-waves-'));
  cache = await openResponseCache(join(dir, 'cache.sqlite'));
});
afterEach(async () => {
  await cache.close();
  await rm(dir, { recursive: true, force: true });
});

/** A provider holding batches in memory; `search` decides what `findWave` answers (default: by wave id). */
function memoryApi(search?: () => WaveSearch) {
  const batches = new Map<string, { wave: string; items: BatchItem[] }>();
  const calls = { submit: 0, findWave: 0 };
  const api: BatchApi = {
    provider: 'anthropic',
    submit(items, wave) {
      calls.submit++;
      const id = `msgbatch_${batches.size + 1}`;
      batches.set(id, { wave: wave.id, items: [...items] });
      return Promise.resolve(id);
    },
    findWave(wave) {
      calls.findWave++;
      if (search) return Promise.resolve(search());
      const found = [...batches].find(([, b]) => b.wave === wave.id);
      return Promise.resolve(found ? { batchId: found[0] } : {});
    },
    status: () => Promise.resolve({ state: 'ended' }),
    results(id) {
      const items = batches.get(id)?.items ?? [];
      return Promise.resolve(
        new Map(items.map((i) => [i.customId, { ok: true as const, read: () => ({ text: `answer to ${i.customId}`, usage: { inputTokens: 1, outputTokens: 1 }, finishReason: 'stop' as const, warnings: [] }) }])),
      );
    },
  };
  return { api, calls, batches };
}

function ledgerOf(c: ResponseCache, overrides: Partial<BatchLedger> = {}): BatchLedger {
  return {
    findBatchItems: (keys) => c.findBatchItems(keys),
    recordBatchIntent: (wave, items) => c.recordBatchIntent(wave, items),
    recordBatchFile: (wave, fileId) => c.recordBatchFile(wave, fileId),
    recordBatchId: (wave, batchId) => c.recordBatchId(wave, batchId),
    listBatchIds: (provider) => c.listBatchIds(provider),
    forgetBatchItems: (keys) => c.forgetBatchItems(keys),
    ...overrides,
  };
}

function waves(api: BatchApi, ledger: BatchLedger) {
  return createBatchWaves({ api, ledger, keyOf: (r) => JSON.stringify(r.messages), pollMs: 5, gatherMs: 5, maxRetries: 0, now: () => Date.now() });
}

const requests: GenerateRequest[] = ['a', 'b', 'c'].map((c) => ({ ...sampleRequest(), messages: [{ role: 'user', content: `Describe ${c}.` }] }));

/** The first run: the batch goes up, and the write of its id fails as if the process died there. */
async function runKilledAfterSubmit(api: BatchApi): Promise<void> {
  const first = waves(api, ledgerOf(cache, { recordBatchId: () => Promise.reject(new Error('killed before the batch id was written')) }));
  const outcomes = await Promise.allSettled(requests.map((r) => first.generate(r)));
  expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
  await first.finish();
}

describe('batch waves and the ledger', () => {
  it('a batch whose id was never written is found and collected by the next run, not submitted again', async () => {
    const { api, calls } = memoryApi();
    await runKilledAfterSubmit(api);
    expect(calls.submit).toBe(1);

    const second = waves(api, ledgerOf(cache));
    const answers = await Promise.all(requests.map((r) => second.generate(r)));
    for (const a of answers) expect(a.text).toMatch(/^answer to osm-[0-9a-f]{40}$/);
    expect(new Set(answers.map((a) => a.text)).size).toBe(3);
    expect(calls).toEqual({ submit: 1, findWave: 1 });
    expect(second.progress()).toMatchObject({ submitted: 0, completed: 3, pending: 0 });
    expect(second.warnings()).toEqual([]);
    await second.finish();
    // Collected answers leave nothing behind in the ledger.
    expect(await cache.findBatchItems(requests.map((r) => JSON.stringify(r.messages)))).toEqual(new Map());
  });

  it('a wave the provider never received is submitted again under the same wave id', async () => {
    const { api, calls, batches } = memoryApi(() => ({}));
    await runKilledAfterSubmit(api);
    const second = waves(api, ledgerOf(cache));
    await Promise.all(requests.map((r) => second.generate(r)));
    expect(calls).toEqual({ submit: 2, findWave: 1 });
    const [a, b] = [...batches.values()];
    expect(b?.wave).toBe(a?.wave);
    await second.finish();
  });

  it('ambiguous candidates: a warning names the wave and the batches, and the wave goes up again', async () => {
    const { api, calls, batches } = memoryApi(() => ({ ambiguous: ['msgbatch_7', 'msgbatch_9'] }));
    await runKilledAfterSubmit(api);
    const wave = [...batches.values()][0]?.wave;
    const second = waves(api, ledgerOf(cache));
    await Promise.all(requests.map((r) => second.generate(r)));
    expect(calls.submit).toBe(2);
    expect(second.warnings()).toEqual([expect.stringContaining(`wave ${wave} (3 requests)`)]);
    expect(second.warnings()[0]).toContain('msgbatch_7, msgbatch_9');
    await second.finish();
  });

  it('a search that could not reach back to the intent: a warning says so, and the wave goes up again', async () => {
    const { api, calls } = memoryApi(() => ({ incomplete: true }));
    await runKilledAfterSubmit(api);
    const second = waves(api, ledgerOf(cache));
    await Promise.all(requests.map((r) => second.generate(r)));
    expect(calls.submit).toBe(2);
    expect(second.warnings()).toEqual([expect.stringMatching(/^--llm-batch: wave wave-[0-9a-f]{32} \(3 requests\) .* not among the newest 500 anthropic batches/)]);
    await second.finish();
  });
});
