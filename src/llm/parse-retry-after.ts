/** Reads how long a server asked us to wait, from `retry-after-ms` or `retry-after`. */

/** Minimal view of the `Headers` both SDKs attach to their errors. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * Seconds to wait, or undefined when the server said nothing usable. `retry-after-ms` wins
 * (OpenAI sends it); `retry-after` may be seconds or an HTTP date. Negative waits become 0.
 */
export function parseRetryAfter(
  headers: HeaderReader | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value)) return Math.max(0, value / 1000);
  }
  const raw = headers.get('retry-after');
  if (raw === null || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now) / 1000);
}
