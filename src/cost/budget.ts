import type { PriceInfo } from './prices.js';

/**
 * Money is kept in integer nano-dollars so that sums of many small costs are exact: with floats,
 * `spent + reserved + estimate <= limit` could hold by rounding while the true sum does not.
 * Amounts round up and the limit rounds down, so the integer check is never looser than the real
 * one. 2^53 nano-dollars is about 9 million USD.
 */
const UNITS_PER_USD = 1e9;
const toUnitsUp = (usd: number): number => Math.ceil(usd * UNITS_PER_USD);
const toUsd = (units: number): number => units / UNITS_PER_USD;

/** Money set aside for one call; give it back with `commit` or `release`, exactly once. */
export interface Reservation {
  readonly estimatedUsd: number;
}

/**
 * The USD a call may cost at most: its input tokens plus the full `maxOutputTokens`. Reserving
 * this much before the call is what makes the budget hold: an honest provider never bills more
 * output tokens than the request allowed, so the actual cost is at most the reservation (up to
 * how well the input tokens were estimated; see `countRequestTokens`). Input is reserved at its
 * dearest rate: a cache hit is never certain, and a cache write can cost more than plain input
 * (Anthropic: 1.25x), as can a `prices:` override's cache price.
 */
export function estimateCallUsd(
  inputTokens: number,
  maxOutputTokens: number,
  price: PriceInfo,
): number {
  const inputRate = Math.max(price.inputPerMTok, price.cachedInputPerMTok ?? 0, price.cacheWritePerMTok ?? 0);
  return (inputTokens * inputRate + maxOutputTokens * price.outputPerMTok) / 1_000_000;
}

/**
 * The one budget rule of the run and the dry run: a call is started only if its worst case
 * (`estimateCallUsd`) can be reserved. Returns the reservation and its amount, or undefined when
 * the call could cross the limit.
 */
export function reserveCall(
  budget: Pick<Budget, 'reserve'>,
  inputTokens: number,
  maxOutputTokens: number,
  price: PriceInfo,
): { handle: Reservation; usd: number } | undefined {
  const usd = estimateCallUsd(inputTokens, maxOutputTokens, price);
  const handle = budget.reserve(usd);
  return handle === undefined ? undefined : { handle, usd };
}

/**
 * A run's spending cap. Every call reserves its worst-case cost first and is not started when
 * the reservation is refused; afterwards it commits what the provider reported, or releases the
 * reservation (the call failed before any usage, or the answer came from the cache). Since the
 * limit is checked against spent + every outstanding reservation, committed spend can never pass
 * the limit, however many calls run at once.
 */
export class Budget {
  readonly maxCostUsd: number | undefined;
  private spentUnits = 0;
  private reservedUnits = 0;
  private readonly open = new Map<Reservation, number>();
  private refused = false;
  private overrun = false;

  /** No limit: every reservation succeeds and spend is only tracked. */
  constructor(maxCostUsd?: number) {
    if (maxCostUsd !== undefined && !(Number.isFinite(maxCostUsd) && maxCostUsd >= 0)) {
      throw new RangeError(`Budget limit must be a finite number of USD >= 0, got ${maxCostUsd}`);
    }
    this.maxCostUsd = maxCostUsd;
  }

  get spentUsd(): number {
    return toUsd(this.spentUnits);
  }

  get reservedUsd(): number {
    return toUsd(this.reservedUnits);
  }

  /**
   * True once a reservation was refused or a provider billed more than was reserved. A refused
   * reservation only means that call did not fit; a smaller one may still be accepted, so a
   * scheduler that wants to stop at the first refusal checks this flag.
   */
  get exhausted(): boolean {
    return this.refused || this.overrun;
  }

  /** Sets aside `estimatedUsd`, or returns undefined when it would not fit under the limit. */
  reserve(estimatedUsd: number): Reservation | undefined {
    if (!(Number.isFinite(estimatedUsd) && estimatedUsd >= 0)) {
      throw new RangeError(
        `A reservation must be a finite number of USD >= 0, got ${estimatedUsd}`,
      );
    }
    const units = toUnitsUp(estimatedUsd);
    if (this.maxCostUsd !== undefined) {
      const limitUnits = Math.floor(this.maxCostUsd * UNITS_PER_USD);
      if (this.overrun || this.spentUnits + this.reservedUnits + units > limitUnits) {
        this.refused = true;
        return undefined;
      }
    }
    const reservation: Reservation = Object.freeze({ estimatedUsd });
    this.open.set(reservation, units);
    this.reservedUnits += units;
    return reservation;
  }

  /**
   * Replaces the reservation by what the call actually cost (from the reported usage). If that is
   * more than was reserved — a provider billing past `maxOutputTokens`, or an input estimate that
   * was too low — the real amount is recorded anyway and no further reservation is accepted.
   */
  commit(reservation: Reservation, actualUsd: number): void {
    if (!(Number.isFinite(actualUsd) && actualUsd >= 0)) {
      throw new RangeError(`A call's cost must be a finite number of USD >= 0, got ${actualUsd}`);
    }
    const units = this.take(reservation, 'commit');
    const actualUnits = toUnitsUp(actualUsd);
    this.spentUnits += actualUnits;
    if (actualUnits > units) this.overrun = true;
  }

  /** Gives the reservation back: nothing was spent. */
  release(reservation: Reservation): void {
    this.take(reservation, 'release');
  }

  private take(reservation: Reservation, action: string): number {
    const units = this.open.get(reservation);
    if (units === undefined) {
      throw new Error(`Budget.${action}: this reservation was already committed or released`);
    }
    this.open.delete(reservation);
    this.reservedUnits -= units;
    return units;
  }
}
