/** An item of a batch that failed: the error kind follows the HTTP status it would have had. */
import { redactSecrets } from '../redact.js';
import { LlmError, type LlmErrorKind } from '../types.js';

export function kindOfStatus(status: number | undefined): LlmErrorKind {
  if (status === undefined) return 'server';
  if (status === 429) return 'rate-limit';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408 || status === 409 || status >= 500) return 'server';
  return 'bad-request';
}

export function batchItemError(who: string, status: number | undefined, detail: string, secrets: readonly (string | undefined)[]): LlmError {
  const text = `${who} batch item failed${status === undefined ? '' : ` (HTTP ${status})`}: ${detail.slice(0, 400)}`;
  return new LlmError(redactSecrets(text, secrets), { kind: kindOfStatus(status), ...(status === undefined ? {} : { status }) });
}
