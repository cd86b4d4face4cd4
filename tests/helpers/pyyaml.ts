/**
 * PyYAML (Debian's python3-yaml, the parser dbt uses) as a test oracle: many texts per python
 * process, values normalized to JSON the same way on both sides so they compare with toEqual.
 */
import { spawnSync } from 'node:child_process';

const LOAD_SCRIPT = String.raw`
import sys, json, math, datetime, yaml
Loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)

def ts(v):
    if isinstance(v, datetime.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return v.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (v.microsecond // 1000)
    return v.isoformat() + 'T00:00:00.000Z'

def key(k):
    if isinstance(k, str): return k
    if k is True: return 'true'
    if k is False: return 'false'
    if k is None: return ''
    if isinstance(k, float) and k.is_integer(): return str(int(k))
    if isinstance(k, (datetime.date, datetime.datetime)): return ts(k)
    return str(k)

def norm(v):
    if isinstance(v, dict): return {key(k): norm(x) for k, x in v.items()}
    if isinstance(v, list): return [norm(x) for x in v]
    if isinstance(v, float):
        if math.isnan(v): return {'$float': 'nan'}
        if math.isinf(v): return {'$float': 'inf' if v > 0 else '-inf'}
        return v
    if isinstance(v, (datetime.date, datetime.datetime)): return {'$timestamp': ts(v)}
    if v is None or isinstance(v, (bool, int, str)): return v
    return {'$other': repr(v)}

out = []
for text in json.load(sys.stdin):
    try:
        out.append({'value': norm(yaml.load(text, Loader=Loader))})
    except yaml.YAMLError as e:
        out.append({'error': str(e).split('\n')[0]})
json.dump(out, sys.stdout)
`;

/** What PyYAML read from one text: a value, or the first line of its error. */
export type PyYamlResult = { value: unknown } | { error: string };

/** Whether python3 with the yaml module can run here (CI installs python3-yaml). */
export function pyyamlAvailable(): boolean {
  const run = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' });
  return run.status === 0;
}

/** Loads every text with PyYAML's safe loader in one python process. */
export function pyyamlLoad(texts: readonly string[]): PyYamlResult[] {
  if (texts.length === 0) return [];
  const run = spawnSync('python3', ['-c', LOAD_SCRIPT], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`python3 failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as PyYamlResult[];
}

/** A value read by osmosis-ts in the oracle's normal form: dates and non-finite floats tagged. */
export function normalizeJs(value: unknown): unknown {
  if (value instanceof Date) return { $timestamp: value.toISOString() };
  if (Array.isArray(value)) return value.map(normalizeJs);
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return { $float: Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf' };
  }
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), normalizeJs(v)]));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeJs(v)]));
  }
  return value;
}
