import type { DocumentOptions } from './types.js';
import { describeOrigin, type ConfigOrigins } from './origins.js';
import { userFacingName } from './setting-names.js';

export const REDACTED = '***redacted***';

/** Keys whose values are secrets wherever they appear. */
const SECRET_KEYS = new Set(['apiKey']);

// `https://user:secret@host` and `?key=secret` carry secrets inside otherwise harmless URLs.
function redactString(value: string, secrets: string[]): string {
  let out = value;
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  out = out.replace(/(\/\/)[^/@\s]+@/, `$1${REDACTED}@`);
  return out.replace(/([?&](?:key|api[-_]?key|token|access_token)=)[^&\s]+/gi, `$1${REDACTED}`);
}

function collectSecrets(value: unknown, found: string[]): string[] {
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (SECRET_KEYS.has(key) && typeof inner === 'string' && inner !== '') found.push(inner);
      else collectSecrets(inner, found);
    }
  }
  return found;
}

function redact(value: unknown, secrets: string[], key?: string): unknown {
  if (key !== undefined && SECRET_KEYS.has(key) && value !== undefined) return REDACTED;
  if (typeof value === 'string') return redactString(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redact(item, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([innerKey, inner]) => [innerKey, redact(inner, secrets, innerKey)]),
    );
  }
  return value;
}

/** The options with every secret replaced by `***redacted***`. */
export function redactOptions(options: DocumentOptions): DocumentOptions {
  return redact(options, collectSecrets(options, [])) as DocumentOptions;
}

/** One `{value, origin}` pair per leaf setting, keyed by dotted path. */
function annotate(
  value: unknown,
  origins: ConfigOrigins,
  path: string,
): unknown {
  const isLeafObject = path === 'synthesis.priceOverrides';
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !isLeafObject) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        annotate(inner, origins, path === '' ? key : `${path}.${key}`),
      ]),
    );
  }
  const origin = origins[path];
  return { value, from: origin === undefined ? 'derived' : describeOrigin(origin), name: userFacingName(path) };
}

function flatten(annotated: unknown, path: string, lines: [string, string, string][]): void {
  if (annotated !== null && typeof annotated === 'object' && !('from' in annotated)) {
    for (const [key, inner] of Object.entries(annotated)) {
      flatten(inner, path === '' ? key : `${path}.${key}`, lines);
    }
    return;
  }
  const leaf = annotated as { value: unknown; from: string; name: string };
  lines.push([leaf.name, JSON.stringify(leaf.value) ?? 'undefined', leaf.from]);
}

/**
 * The text of `--show-config`: every resolved setting with where it came from (flag, env VAR,
 * dbt_project.yml key, default), secrets redacted. One `name: value  # origin` line per setting,
 * named as users write it (`--llm-model / vars.dbt-osmosis.llm.model`), or for `--format json`
 * nested `{value, from, name}` objects keyed by the library's option paths.
 */
export function formatResolvedConfig(
  options: DocumentOptions,
  origins: ConfigOrigins = {},
  format: 'text' | 'json' = 'text',
): string {
  const annotated = annotate(redactOptions(options), origins, '');
  if (format === 'json') return `${JSON.stringify(annotated, null, 2)}\n`;
  const lines: [string, string, string][] = [];
  flatten(annotated, '', lines);
  const width = Math.max(...lines.map(([key, value]) => key.length + value.length + 2));
  return lines
    .map(([key, value, from]) => `${`${key}: ${value}`.padEnd(width)}  # ${from}\n`)
    .join('');
}
