import { z } from 'zod';
import { ConfigError } from './errors.js';
import { PROVIDER_NAMES, type ProviderName } from '../llm/types.js';

/** Turns one raw setting (a flag string, an env string or a YAML value) into a typed value. */
export type ValueParser<T> = (raw: unknown, label: string) => T;

function shown(raw: unknown): string {
  if (typeof raw === 'string') return `'${raw}'`;
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'a list';
  if (typeof raw === 'object') return 'a mapping';
  return `'${String(raw)}'`;
}

function fail(label: string, expected: string, raw: unknown): never {
  throw new ConfigError(`${label}: expected ${expected}, got ${shown(raw)}`);
}

// Flags and env vars arrive as strings, YAML values may already be numbers.
const numeric = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/)
    .transform(Number),
]);

function numberParser(schema: z.ZodType<number>, expected: string): ValueParser<number> {
  return (raw, label) => {
    const asNumber = numeric.safeParse(raw);
    if (!asNumber.success) fail(label, expected, raw);
    const checked = schema.safeParse(asNumber.data);
    if (!checked.success) fail(label, expected, raw);
    return checked.data;
  };
}

export const parsePositiveInt = numberParser(z.number().int().min(1), 'a positive integer');
export const parseNonNegativeInt = numberParser(
  z.number().int().min(0),
  'a whole number of 0 or more',
);
export const parsePositiveNumber = numberParser(z.number().gt(0).finite(), 'a number above 0');
export const parseNonNegativeNumber = numberParser(
  z.number().min(0).finite(),
  'a number of 0 or more',
);
export const parseTemperature = numberParser(z.number().min(0).max(2), 'a number from 0 to 2');

export const parseBoolean: ValueParser<boolean> = (raw, label) => {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const lowered = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(lowered)) return true;
    if (['false', '0', 'no', 'off'].includes(lowered)) return false;
  }
  return fail(label, 'true or false', raw);
};

export const parseString: ValueParser<string> = (raw, label) => {
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  return fail(label, 'a non-empty string', raw);
};

export const parseStringList: ValueParser<string[]> = (raw, label) => {
  const parsed = z.array(z.string()).safeParse(raw);
  if (!parsed.success) return fail(label, 'a list of strings', raw);
  return parsed.data;
};

export const parseHttpUrl: ValueParser<string> = (raw, label) => {
  const text = parseString(raw, label);
  const parsed = z.url({ protocol: /^https?$/ }).safeParse(text);
  if (!parsed.success) return fail(label, 'an http(s) URL', raw);
  return text;
};

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** A duration in seconds: `90`, `90s`, `30m`, `2h`, `1h30m`, `1d`. */
export const parseDurationSeconds: ValueParser<number> = (raw, label) => {
  if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) return raw;
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)([smhd])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) fail(label, 'a duration such as 90s, 30m, 2h or 1h30m', raw);
  return parts.reduce((sum, p) => sum + Number(p[1]) * (DURATION_UNITS[p[2] as string] ?? 0), 0);
};

export const parseSortBy: ValueParser<'database' | 'alphabetical'> = (raw, label) => {
  const value = parseString(raw, label).toLowerCase();
  if (value === 'database' || value === 'alphabetical') return value;
  throw new ConfigError(`${label}: expected 'database' (catalog order) or 'alphabetical', got '${String(raw)}'`);
};

export const parseProvider: ValueParser<ProviderName> = (raw, label) => {
  const name = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
  const known = PROVIDER_NAMES.find((provider) => provider === name);
  if (known !== undefined) return known;
  throw new ConfigError(`${label}: unknown LLM provider '${String(raw)}'; expected one of ${PROVIDER_NAMES.join(', ')}`);
};
