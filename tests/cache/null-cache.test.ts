import { describe, expect, it } from 'vitest';
import { nullCache } from '../../src/cache/null-cache.js';

const answer = { text: '{}', usage: { inputTokens: 1, outputTokens: 1 }, model: 'm', provider: 'openai', createdAt: 1 };

describe('nullCache (--no-llm-cache)', () => {
  it('keeps nothing: what is set is never found', async () => {
    const cache = nullCache();
    await cache.set('k', answer);
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.peek('k')).toBeUndefined();
    await cache.saveTokenCounts('o200k_base', new Map([['digest', 3]]));
    expect(await cache.loadTokenCounts('o200k_base')).toEqual(new Map());
    expect(await cache.findBatchItems(['k'])).toEqual(new Map());
    await cache.close();
  });

  it('refuses batch ids, which must outlive the run', async () => {
    const cache = nullCache();
    const attempts = [
      cache.recordBatchIntent({ wave: 'w', provider: 'openai', size: 1, intentAt: 1 }, [{ key: 'k', customId: 'c' }]),
      cache.recordBatchFile('w', 'file-1'),
      cache.recordBatchId('w', 'b'),
    ];
    for (const attempt of attempts) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'cache-write-failed' });
      expect(String(error)).toMatch(/drop --no-llm-cache/);
    }
  });
});
