/**
 * Keeps secrets out of anything a user or a log can see. Every provider error message passes
 * through here before it leaves `src/llm`.
 */

const REDACTED = '[redacted]';

/** OpenAI / Anthropic style keys (`sk-…`, `sk-ant-…`, `sk-proj-****abcd` echoes). */
const KEY_LIKE = /\bsk-[A-Za-z0-9_*-]{6,}/g;
/** `Bearer <token>` as it appears in echoed headers. */
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=*-]+/gi;

/**
 * Replaces each secret, and anything that looks like an API key or bearer token, with
 * `[redacted]`. Secrets shorter than 4 characters are ignored (they would shred the text).
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  const sorted = secrets
    .filter((s): s is string => typeof s === 'string' && s.length >= 4)
    .sort((a, b) => b.length - a.length);
  for (const secret of sorted) out = out.split(secret).join(REDACTED);
  return out.replace(KEY_LIKE, REDACTED).replace(BEARER, `$1 ${REDACTED}`);
}
