import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Budget, estimateCallUsd, type Reservation } from '../../src/cost/budget.js';
import { countRequestTokens } from '../../src/cost/count-tokens.js';
import { costUsd, lookupPrice } from '../../src/cost/prices.js';

describe('Budget', () => {
  it('without a limit accepts every reservation and tracks spend', () => {
    const budget = new Budget();
    const r = budget.reserve(1e6)!;
    expect(r).toBeDefined();
    expect(budget.reservedUsd).toBe(1e6);
    budget.commit(r, 0.25);
    expect(budget.spentUsd).toBe(0.25);
    expect(budget.reservedUsd).toBe(0);
    expect(budget.exhausted).toBe(false);
    expect(budget.maxCostUsd).toBeUndefined();
  });

  it('refuses a reservation that would cross the limit, counting outstanding ones', () => {
    const budget = new Budget(1);
    const a = budget.reserve(0.6)!;
    expect(budget.reserve(0.5)).toBeUndefined();
    expect(budget.exhausted).toBe(true);
    const b = budget.reserve(0.4)!;
    expect(b).toBeDefined();
    expect(budget.reservedUsd).toBeCloseTo(1, 12);
    budget.release(a);
    budget.commit(b, 0.1);
    expect(budget.spentUsd).toBeCloseTo(0.1, 12);
    expect(budget.reservedUsd).toBe(0);
    // The released 0.6 is available again; the spent 0.1 is not.
    expect(budget.reserve(0.9)).toBeDefined();
  });

  it('accepts a reservation that exactly fills the limit', () => {
    const budget = new Budget(0.3);
    expect(budget.reserve(0.1)).toBeDefined();
    expect(budget.reserve(0.2)).toBeDefined();
    expect(budget.reserve(0.000000001)).toBeUndefined();
  });

  it('a zero limit refuses any paid call but allows free ones (local models)', () => {
    const budget = new Budget(0);
    expect(budget.reserve(0.000001)).toBeUndefined();
    expect(budget.reserve(0)).toBeDefined();
  });

  it('records an overrun as reported and accepts no further reservation', () => {
    const budget = new Budget(10);
    const r = budget.reserve(1)!;
    budget.commit(r, 1.5);
    expect(budget.spentUsd).toBe(1.5);
    expect(budget.exhausted).toBe(true);
    expect(budget.reserve(0.01)).toBeUndefined();
  });

  it('refuses to commit or release a reservation twice', () => {
    const budget = new Budget(1);
    const r = budget.reserve(0.5)!;
    budget.commit(r, 0.1);
    expect(() => budget.commit(r, 0.1)).toThrow(/already committed or released/);
    expect(() => budget.release(r)).toThrow(/already committed or released/);
    expect(budget.spentUsd).toBeCloseTo(0.1, 12);
  });

  it('rejects amounts that are not money', () => {
    expect(() => new Budget(-1)).toThrow(RangeError);
    expect(() => new Budget(Number.NaN)).toThrow(RangeError);
    const budget = new Budget(1);
    expect(() => budget.reserve(-0.1)).toThrow(RangeError);
    expect(() => budget.reserve(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    const r = budget.reserve(0.1)!;
    expect(() => budget.commit(r, Number.NaN)).toThrow(RangeError);
  });
});

type Op =
  | { kind: 'reserve'; usd: number }
  | { kind: 'commit'; pick: number; fraction: number }
  | { kind: 'release'; pick: number };

const usd = fc.double({ min: 0, max: 2, noNaN: true });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('reserve' as const), usd }),
  fc.record({
    kind: fc.constant('commit' as const),
    pick: fc.nat(),
    fraction: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
);

describe('Budget invariant', () => {
  it('never lets spend (or spend + reservations) pass the limit, in any interleaving', () => {
    // Calls running at once are an interleaving of reserve/commit/release on one object, so a
    // random sequence of those covers every schedule.
    fc.assert(
      fc.property(fc.double({ min: 0, max: 5, noNaN: true }), fc.array(op, { maxLength: 200 }), (
        limit,
        ops,
      ) => {
        const budget = new Budget(limit);
        const open: Array<{ r: Reservation; usd: number }> = [];
        let committed = 0;
        for (const o of ops) {
          if (o.kind === 'reserve') {
            const r = budget.reserve(o.usd);
            if (r !== undefined) open.push({ r, usd: o.usd });
          } else if (open.length > 0) {
            const [taken] = open.splice(o.pick % open.length, 1);
            if (o.kind === 'commit') {
              // An honest provider: the actual cost is at most what was reserved.
              const actual = taken!.usd * o.fraction;
              budget.commit(taken!.r, actual);
              committed += actual;
            } else {
              budget.release(taken!.r);
            }
          }
          expect(budget.spentUsd).toBeLessThanOrEqual(limit);
          expect(budget.spentUsd + budget.reservedUsd).toBeLessThanOrEqual(limit + 1e-12);
        }
        // Spend is what was reported, rounded up by at most a nano-dollar per call.
        expect(budget.spentUsd).toBeGreaterThanOrEqual(committed - 1e-9);
        expect(budget.spentUsd).toBeLessThanOrEqual(committed + ops.length * 1e-9);
      }),
      { numRuns: 500 },
    );
  });

  it('holds for concurrent async calls under any scheduling', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.array(
          fc.record({
            estimate: fc.double({ min: 0, max: 0.3, noNaN: true }),
            fraction: fc.double({ min: 0, max: 1, noNaN: true }),
            fails: fc.boolean(),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        async (s, limit, calls) => {
          const budget = new Budget(limit);
          let started = 0;
          const run = async (call: (typeof calls)[number]): Promise<void> => {
            await s.schedule(Promise.resolve('queued'));
            const r = budget.reserve(call.estimate);
            if (r === undefined) return;
            started++;
            await s.schedule(Promise.resolve('provider answered'));
            if (call.fails) budget.release(r);
            else budget.commit(r, call.estimate * call.fraction);
            expect(budget.spentUsd).toBeLessThanOrEqual(limit);
          };
          const all = Promise.all(calls.map(run));
          await s.waitAll();
          await all;
          expect(budget.spentUsd).toBeLessThanOrEqual(limit);
          expect(budget.reservedUsd).toBe(0);
          // Refusals only happen when the calls really could not all fit.
          const worstCase = calls.reduce((sum, c) => sum + c.estimate, 0);
          if (worstCase <= limit - 1e-6) expect(started).toBe(calls.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('estimateCallUsd', () => {
  it('prices input tokens plus the full output allowance', () => {
    const price = { inputPerMTok: 0.15, outputPerMTok: 0.6, source: 'genai-prices' as const };
    expect(estimateCallUsd(1_000_000, 1_000_000, price)).toBeCloseTo(0.75, 12);
    expect(estimateCallUsd(0, 0, price)).toBe(0);
  });

  it('covers what an honest provider can bill for the same request', () => {
    const price = lookupPrice('openai', 'gpt-4o-mini')!;
    const messages = [{ role: 'user' as const, content: 'Describe column order_id of stg_orders.' }];
    const input = countRequestTokens({ messages }, 'gpt-4o-mini');
    const maxOutput = 200;
    const reserved = estimateCallUsd(input, maxOutput, price);
    for (const output of [0, 1, 57, 200]) {
      expect(costUsd({ inputTokens: input, outputTokens: output }, price)).toBeLessThanOrEqual(reserved);
    }
  });
});
