import { interpolateEnv } from './interpolate-env.js';
import type { ConfigOrigin } from './origins.js';
import { labelOrigin } from './origins.js';
import type { ValueParser } from './parse-values.js';
import type { VarEntry } from './project-vars.js';

/** One layer's raw value for a setting; `raw` undefined means "this layer does not set it". */
export interface Candidate {
  raw: unknown;
  origin: ConfigOrigin;
}

export interface Picked<T> {
  value: T;
  origin: ConfigOrigin;
}

export function fromFlag(flag: string, raw: unknown): Candidate {
  return { raw, origin: { kind: 'flag', flag } };
}

export function fromEnv(env: Record<string, string | undefined>, variable: string): Candidate {
  return { raw: env[variable], origin: { kind: 'env', variable } };
}

export function fromVars(entry: VarEntry | undefined): Candidate {
  return { raw: entry?.value, origin: { kind: 'dbt_project.yml', key: entry?.key ?? '' } };
}

/**
 * The first layer that sets the value wins (callers list flag, env, dbt_project.yml in that order).
 * Empty strings count as unset, as an exported-but-empty variable usually means "not configured".
 * Only the winning value is interpolated and parsed, so a bad value in a layer that lost is ignored.
 */
export function pickSetting<T>(
  candidates: Candidate[],
  parse: ValueParser<T>,
  env: Record<string, string | undefined>,
): Picked<T> | undefined {
  for (const candidate of candidates) {
    let raw = candidate.raw;
    if (raw === undefined || raw === null || raw === '') continue;
    const label = labelOrigin(candidate.origin);
    if (typeof raw === 'string' && candidate.origin.kind === 'dbt_project.yml') {
      raw = interpolateEnv(raw, label, env);
    }
    return { value: parse(raw, label), origin: candidate.origin };
  }
  return undefined;
}
