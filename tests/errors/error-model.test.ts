/**
 * The one error model: every error class derives from OsmosisError with a kebab-case code, and
 * the CLI's last handler picks the exit code from the error, never from a class-name string.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OsmosisError, InputError } from '../../src/errors.js';
import { ConfigError } from '../../src/config/errors.js';
import { CacheError } from '../../src/cache/cache-error.js';
import { GraphCycleError, SelectionError } from '../../src/graph/errors.js';
import { PathOutsideProjectError, YamlEditError, YamlInputError } from '../../src/yaml/errors.js';
import { ReviewError } from '../../src/review/review-error.js';
import { LlmError } from '../../src/llm/types.js';
import { RunStoppedError } from '../../src/synthesis/run/call-gate.js';
import { reportFailure } from '../../src/cli/report-failure.js';

const SRC = path.resolve(import.meta.dirname, '../../src');
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

function capture(env: Record<string, string | undefined> = {}) {
  let out = '';
  let err = '';
  return { io: { env, term: { out: (t: string) => void (out += t), err: (t: string) => void (err += t), isTTY: false, color: false } }, out: () => out, err: () => err };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('error classes', () => {
  const samples: OsmosisError[] = [
    new InputError('manifest-shape', 'm'),
    new ConfigError('c'),
    new CacheError('cache-open-failed', 'c', { file: 'f' }),
    new GraphCycleError(['a', 'b', 'a']),
    new SelectionError('x', 'bad'),
    new YamlInputError('yaml-syntax', 'f.yml', 'bad'),
    new YamlEditError('yaml-edit-alias', ['models', 0], 'shared'),
    new PathOutsideProjectError('../x.yml', '/p', 'outside'),
    new ReviewError('review-id', 'unknown id'),
    new LlmError('nope', { kind: 'auth', status: 401 }),
    new RunStoppedError('budget'),
  ];

  it('all derive from OsmosisError, keep their class name, and carry a kebab-case code', () => {
    for (const error of samples) {
      expect(error).toBeInstanceOf(OsmosisError);
      expect(error.name).toBe(error.constructor.name);
      expect(error.code, error.name).toMatch(KEBAB);
    }
    expect(samples.map((e) => e.code)).toEqual([
      'manifest-shape', 'config-invalid', 'cache-open-failed', 'graph-cycle', 'bad-selector', 'yaml-syntax',
      'yaml-edit-alias', 'path-outside-project', 'review-id', 'llm-auth', 'run-stopped-budget',
    ]);
  });

  it('no class in src extends Error directly except OsmosisError, and no exit code is chosen by a name string', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      const rel = path.relative(SRC, file);
      for (const m of text.matchAll(/class (\w+) extends Error\b/g)) if (m[1] !== 'OsmosisError') offenders.push(`${rel}: ${m[1]}`);
      for (const m of text.matchAll(/\.name === '(\w*Error)'/g)) if (!/^(TimeoutError|AbortError)$/.test(m[1] ?? '')) offenders.push(`${rel}: .name === '${m[1]}'`);
    }
    expect(offenders).toEqual([]);
  });

  it('every literal code given to an OsmosisError subclass in src is kebab-case', () => {
    const bad: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new (?:InputError|ReviewError|CacheError|YamlInputError|YamlEditError|OsmosisError)\(\s*'([^']*)'/g)) {
        if (!KEBAB.test(m[1] ?? '')) bad.push(`${path.relative(SRC, file)}: ${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('reportFailure', () => {
  it('prints a user error with its message only and returns its exit code', async () => {
    const c = capture();
    expect(await reportFailure(new ConfigError('--llm-max-cost must be a number; got "x"'), c.io, false)).toBe(2);
    expect(c.err()).toBe('error: --llm-max-cost must be a number; got "x"\n');
    expect(c.out()).toBe('');
  });

  it('takes the exit code from the error: a run stopped at the budget is 4', async () => {
    const c = capture();
    expect(await reportFailure(new RunStoppedError('budget'), c.io, true)).toBe(4);
    expect(JSON.parse(c.out())).toEqual({ error: { code: 'run-stopped-budget', message: 'not started: budget exhausted' }, exitCode: 4 });
    expect(c.err()).not.toMatch(/bug/i);
  });

  it('an LLM error gets the advice for its kind, never "internal error"', async () => {
    const c = capture();
    expect(await reportFailure(new LlmError('404 Not found', { kind: 'bad-request', status: 404 }), c.io, false)).toBe(2);
    expect(c.err()).toContain('The endpoint or the model was not found');
    expect(c.err()).not.toMatch(/internal error|bug/i);
  });

  it('a failed system call (here reading a directory) is the user\'s to fix: message, exit 2, code io-<errno>', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'osmosis-errors-'));
    dirs.push(dir);
    let thrown: unknown;
    try {
      readFileSync(dir);
    } catch (error) {
      thrown = error;
    }
    const c = capture();
    expect(await reportFailure(thrown, c.io, true)).toBe(2);
    expect(c.err()).toContain('EISDIR');
    expect(c.err()).not.toMatch(/internal error|bug/i);
    expect(JSON.parse(c.out()).error.code).toBe('io-eisdir');
  });

  it('anything else is a bug: stack shown, secrets redacted', async () => {
    const c = capture({ OPENAI_API_KEY: 'sk-secret-value-123' });
    expect(await reportFailure(new TypeError('x is undefined near sk-secret-value-123'), c.io, true)).toBe(2);
    expect(c.err()).toContain('internal error:');
    expect(c.err()).toContain('This is a bug in osmosis-ts');
    expect(c.err()).not.toContain('sk-secret-value-123');
    expect(JSON.parse(c.out()).error.code).toBe('internal');
  });
});
