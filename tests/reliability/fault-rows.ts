/**
 * The fault matrix: each row scripts the fake LLM server, runs `yaml document --synthesize` on a
 * copy of the corpus project, then re-runs against a healthy server with the same cache.
 */
import type { Behaviour, RecordedRequest } from '../helpers/fake-llm-server.js';

export interface FaultRow {
  name: string;
  /** What the server does; `target` is a node the healthy run asks about in a bulk request. */
  behaviour: (r: RecordedRequest, target: string) => Behaviour | undefined;
  args?: string[];
  expectCode: 0 | 3;
  /** The answers differ in wording from a healthy run's (per-column fallback): compare which descriptions exist, not their text. */
  wordingDiffers?: boolean;
  /** The server process dies when this many requests have arrived. */
  dieAfter?: number;
}

const about = (r: RecordedRequest, target: string): boolean => r.prompt.includes(`"${target}"`);
const isBulk = (r: RecordedRequest): boolean => Boolean((r.schema as { properties?: Record<string, unknown> } | undefined)?.properties?.['columns']);

export const FAULT_ROWS: FaultRow[] = [
  { name: '429 burst, Retry-After: 1 (first 2 requests)', behaviour: (r) => (r.seq < 2 ? { status: 429, retryAfter: 1 } : undefined), expectCode: 0 },
  { name: '429 with Retry-After: 3600 (beyond the 60 s cap) on one node', behaviour: (r, t) => (about(r, t) ? { status: 429, retryAfter: 3600 } : undefined), expectCode: 3 },
  { name: '503 burst (first 2 requests)', behaviour: (r) => (r.seq < 2 ? { status: 503 } : undefined), expectCode: 0 },
  { name: '500 on every request of one node (--llm-max-retries 1)', behaviour: (r, t) => (about(r, t) ? { status: 500 } : undefined), args: ['--llm-max-retries', '1'], expectCode: 3 },
  { name: 'timeout: one node answers after 2.5 s (--llm-timeout 1, --llm-max-retries 0)', behaviour: (r, t) => (about(r, t) ? { delayMs: 2500 } : undefined), args: ['--llm-timeout', '1', '--llm-max-retries', '0'], expectCode: 3 },
  { name: 'connection dropped on every request of one node (--llm-max-retries 1)', behaviour: (r, t) => (about(r, t) ? { drop: true } : undefined), args: ['--llm-max-retries', '1'], expectCode: 3 },
  { name: 'truncated JSON (finish reason length) for one node', behaviour: (r, t) => (about(r, t) ? { truncatedJson: true } : undefined), expectCode: 3 },
  { name: 'bulk answers miss a column (repairs, then per-column fallback)', behaviour: (r) => (isBulk(r) ? { missingColumns: 1 } : undefined), expectCode: 0, wordingDiffers: true },
  { name: 'answers invent columns (`invented_col`, `../../escape`)', behaviour: () => ({ extraColumns: ['invented_col', '../../escape'] }), expectCode: 0 },
  { name: 'empty answers for one node', behaviour: (r, t) => (about(r, t) ? { empty: true } : undefined), expectCode: 3 },
  { name: 'server dies after 3 requests (--llm-max-retries 1)', behaviour: () => undefined, dieAfter: 3, args: ['--llm-max-retries', '1'], expectCode: 3 },
];
