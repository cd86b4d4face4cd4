import type { ScalarTag } from 'yaml';

/**
 * The plain-scalar types of PyYAML's `SafeLoader` (dbt reads schema files with it), for the `yaml`
 * package. PyYAML implements YAML 1.1 with its own resolver: `yes`/`on` are booleans but `y` is
 * not, `1e3` is a string (a float needs a dot and a signed exponent), `012` is octal, `1:30` is 90,
 * and `2024-01-31` is a date. The patterns below are copied from PyYAML's `resolver.py`, so a
 * value means here what it means to dbt.
 */

const BOOL_WORDS: Readonly<Record<string, boolean>> = {
  yes: true, no: false, true: true, false: false, on: true, off: false,
};

const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;
const TIMESTAMP_PARTS =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?$/;

/** `a:b:c` in base 60, as PyYAML reads `1:30` (= 90). */
function sexagesimal(digits: string): number {
  return digits.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

function signOf(text: string): [number, string] {
  if (text.startsWith('-')) return [-1, text.slice(1)];
  return [1, text.startsWith('+') ? text.slice(1) : text];
}

function constructInt(source: string): number {
  const [sign, text] = signOf(source.replaceAll('_', ''));
  if (text === '0') return 0;
  if (text.startsWith('0b')) return sign * parseInt(text.slice(2), 2);
  if (text.startsWith('0x')) return sign * parseInt(text.slice(2), 16);
  if (text.startsWith('0')) return sign * parseInt(text, 8);
  if (text.includes(':')) return sign * sexagesimal(text);
  return sign * Number(text);
}

function constructFloat(source: string): number {
  const [sign, text] = signOf(source.replaceAll('_', '').toLowerCase());
  if (text === '.inf') return sign * Infinity;
  if (text === '.nan') return NaN;
  if (text.includes(':')) return sign * sexagesimal(text);
  return sign * Number(text);
}

/**
 * A date or datetime as a `Date` in UTC: a date alone is midnight UTC, a datetime without a zone
 * is taken as UTC (PyYAML gives a naive datetime; dbt serializes it without converting).
 */
function constructTimestamp(source: string): Date {
  const m = TIMESTAMP_PARTS.exec(source);
  if (!m) return new Date(NaN);
  const [, y, mo, d, h, mi, s, frac, zone, zoneSign, zh, zm] = m;
  const ms = Number((frac ?? '').padEnd(3, '0').slice(0, 3));
  let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms);
  if (zone && zone !== 'Z') time -= (zoneSign === '-' ? -1 : 1) * (Number(zh) * 60 + Number(zm ?? 0)) * 60_000;
  return new Date(time);
}

/** PyYAML's implicit scalar types, most specific first (the first tag whose test matches wins). */
export const PYYAML_SCALAR_TAGS: ScalarTag[] = [
  { tag: 'tag:yaml.org,2002:null', default: true, test: NULL, identify: (v) => v === null, resolve: () => null },
  { tag: 'tag:yaml.org,2002:bool', default: true, test: BOOL, identify: (v) => typeof v === 'boolean', resolve: (s) => BOOL_WORDS[s.toLowerCase()] ?? false },
  { tag: 'tag:yaml.org,2002:int', default: true, test: INT, identify: (v) => Number.isInteger(v), resolve: constructInt },
  { tag: 'tag:yaml.org,2002:float', default: true, test: FLOAT, identify: (v) => typeof v === 'number', resolve: constructFloat },
  { tag: 'tag:yaml.org,2002:timestamp', default: true, test: TIMESTAMP, identify: (v) => v instanceof Date, resolve: constructTimestamp },
  {
    // PyYAML resolves a lone `=` to a `value` tag its safe loader cannot construct: dbt fails on it.
    tag: 'tag:yaml.org,2002:value',
    default: true,
    test: /^=$/,
    resolve: (s, onError) => {
      onError("a plain '=' is not readable by PyYAML (dbt): quote it");
      return s;
    },
  },
];
