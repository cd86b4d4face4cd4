/**
 * `documentProject` run entirely through its ports: an in-memory file system, a fake model, an
 * in-memory response cache and a fixed clock. Nothing on disk is read or written, no server runs.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { CachedResponse } from '../../src/cache/response-cache.js';
import { nullCache } from '../../src/cache/null-cache.js';
import { exitCodeOf, formatSkippedFiles } from '../../src/cli/format-report.js';
import { documentProject } from '../../src/document-project.js';
import { documentProject as documentWithDefaults } from '../../src/library-entry.js';
import type { Clock, Ports, ResponseCachePort } from '../../src/ports.js';
import { documentOptions } from '../helpers/document-options.js';
import { MemoryFileSystem } from '../helpers/memory-file-system.js';
import { miniProjectFiles, type MiniModel } from '../helpers/mini-project.js';
import { FakeModel, makeOptions } from '../synthesis/fakes.js';

const ROOT = '/osmosis-ts-in-memory/mini';
const CACHE_FILE = '/osmosis-ts-in-memory/llm-cache.sqlite';

const MODELS: MiniModel[] = [
  { name: 'stg_orders', columns: [{ name: 'order_id', description: 'The order key.' }, { name: 'status' }] },
  { name: 'orders', deps: ['stg_orders'], columns: [{ name: 'order_id' }, { name: 'status' }], catalogOnly: [{ name: 'amount' }] },
];

/** The cache port over a Map, with the opened paths recorded. */
function memoryCacheOpener(entries: Map<string, CachedResponse>, opened: string[]): Ports['openCache'] {
  return (file) => {
    opened.push(file);
    const cache: ResponseCachePort = {
      ...nullCache(),
      get: (key) => Promise.resolve(entries.get(key)),
      peek: (key) => Promise.resolve(entries.get(key)),
      set: (key, value) => {
        entries.set(key, value);
        return Promise.resolve();
      },
    };
    return Promise.resolve(cache);
  };
}

const clock: Clock = { now: () => 1_700_000_000_000, sleep: () => Promise.resolve() };

function synthesisOptions(cachePath: string | undefined) {
  return documentOptions(ROOT, {
    synthesize: true,
    synthesis: makeOptions({ llm: { provider: 'openai', model: 'gpt-4o-mini', apiKey: 'sk-test', timeoutSeconds: 30, maxRetries: 0 }, ...(cachePath ? { cachePath } : {}) }),
  });
}

interface SchemaYaml {
  models: { name: string; description?: string; columns: { name: string; description?: string }[] }[];
}

function columnsOf(fs: MemoryFileSystem, model: string): Record<string, string | undefined> {
  const doc = parse(fs.readText(`${ROOT}/models/schema.yml`)) as SchemaYaml;
  const entry = doc.models.find((m) => m.name === model);
  return Object.fromEntries((entry?.columns ?? []).map((c) => [c.name, c.description]));
}

describe('documentProject through its ports', () => {
  it('reads, synthesizes, caches and writes without the disk or a server', async () => {
    const fs = new MemoryFileSystem(ROOT, miniProjectFiles(MODELS));
    const model = new FakeModel();
    const entries = new Map<string, CachedResponse>();
    const opened: string[] = [];
    const ports: Ports = { fs, createModel: () => Promise.resolve(model), openCache: memoryCacheOpener(entries, opened), clock, cwd: ROOT };

    const report = await documentProject(synthesisOptions(CACHE_FILE), { ports });

    expect(existsSync('/osmosis-ts-in-memory')).toBe(false);
    expect(report.written).toBe(true);
    expect(fs.writes).toEqual([`${ROOT}/models/schema.yml`]);
    expect(report.changedFiles).toEqual(['models/schema.yml']);
    expect(columnsOf(fs, 'orders')).toEqual({
      order_id: 'The order key.',
      status: 'Synthesized text for status.',
      amount: 'Synthesized text for amount.',
    });
    expect(columnsOf(fs, 'stg_orders').status).toBe('Synthesized text for status.');
    expect(report.columnsInherited).toBeGreaterThan(0);
    expect(model.requests.length).toBeGreaterThan(0);
    expect(report.llm.calls).toBe(model.requests.length);
    expect(opened).toEqual([CACHE_FILE]);
    expect(entries.size).toBe(model.requests.length);
    // The fixed clock stamps what the cache stores.
    expect([...entries.values()].every((e) => e.createdAt === clock.now())).toBe(true);

    // A second run on the original files finds every answer in the cache: no call, same text.
    const again = new MemoryFileSystem(ROOT, miniProjectFiles(MODELS));
    const silent = new FakeModel(() => {
      throw new Error('a cached run must not call the model');
    });
    const second = await documentProject(synthesisOptions(CACHE_FILE), { ports: { ...ports, fs: again, createModel: () => Promise.resolve(silent) } });
    expect(silent.requests).toEqual([]);
    expect(second.llm.calls).toBe(0);
    expect(second.llm.cacheHits).toBe(report.llm.calls);
    expect(again.readText(`${ROOT}/models/schema.yml`)).toBe(fs.readText(`${ROOT}/models/schema.yml`));
  });

  it('without a cache path (--no-llm-cache) never opens a cache and asks the model every time', async () => {
    const refuse: Ports['openCache'] = (file) => Promise.reject(new Error(`opened ${file}`));
    const run = async (): Promise<FakeModel> => {
      const fs = new MemoryFileSystem(ROOT, miniProjectFiles(MODELS));
      const model = new FakeModel();
      const report = await documentProject(synthesisOptions(undefined), { ports: { fs, createModel: () => Promise.resolve(model), openCache: refuse, clock, cwd: ROOT } });
      expect(report.llm.cacheHits).toBe(0);
      expect(report.llm.calls).toBe(model.requests.length);
      return model;
    };
    const first = await run();
    const second = await run();
    expect(first.requests.length).toBeGreaterThan(0);
    expect(second.requests.length).toBe(first.requests.length);
  });

  it('the library entry takes any subset of the ports, fills in the rest, and resolves paths against the cwd port', async () => {
    const fs = new MemoryFileSystem(ROOT, miniProjectFiles(MODELS));
    // Relative paths in the options are relative to the cwd port, not to the process.
    const report = await documentWithDefaults(documentOptions('.', { manifestPath: 'target/manifest.json' }), { ports: { fs, cwd: ROOT } });
    expect(existsSync('/osmosis-ts-in-memory')).toBe(false);
    expect(fs.writes).toEqual([`${ROOT}/models/schema.yml`]);
    expect(report.columnsInherited).toBe(1);
    expect(columnsOf(fs, 'orders')).toEqual({ order_id: 'The order key.', status: undefined, amount: undefined });
  });

  it('with --dry-run reads through the port and writes nothing', async () => {
    const fs = new MemoryFileSystem(ROOT, miniProjectFiles(MODELS));
    const report = await documentProject(documentOptions(ROOT, { dryRun: true }), {
      ports: { fs, createModel: () => Promise.reject(new Error('no model without --synthesize')), openCache: () => Promise.reject(new Error('no cache')), clock, cwd: ROOT },
    });
    expect(fs.writes).toEqual([]);
    expect(report.written).toBe(false);
    expect(report.diff).toContain('+++ b/models/schema.yml');
    expect(report.diff).toContain('+      - name: amount');
  });
});

describe('a file that cannot be written', () => {
  /** The in-memory file system, refusing writes to one path as a read-only folder would. */
  class RefusingFileSystem extends MemoryFileSystem {
    constructor(files: ReadonlyMap<string, string>, private readonly refused: string) {
      super(ROOT, files);
    }
    override writeAtomic(file: string, text: string): Promise<void> {
      if (file === this.refused) return Promise.reject(Object.assign(new Error(`EACCES: permission denied, open '${path.posix.dirname(file)}/.x.yml.0123456789ab.tmp'`), { code: 'EACCES' }));
      return super.writeAtomic(file, text);
    }
  }
  const models: MiniModel[] = [...MODELS, { name: 'customers', deps: ['stg_orders'], columns: [{ name: 'order_id' }], noYaml: true }];

  it('costs that file only: the others are written, and it is reported as skipped with its changes pending (exit 3)', async () => {
    const files = miniProjectFiles(models);
    // A model without an entry gets its own new file.
    files.set('dbt_project.yml', `${files.get('dbt_project.yml')!}models:\n  mini:\n    +dbt-osmosis: "{model}.yml"\n`);
    const probe = new MemoryFileSystem(ROOT, files);
    await documentWithDefaults(documentOptions(ROOT), { ports: { fs: probe, cwd: ROOT } });
    expect(probe.writes.length).toBe(2);
    const [refused, other] = [...probe.writes].sort();
    const fs = new RefusingFileSystem(files, refused!);
    const report = await documentWithDefaults(documentOptions(ROOT), { ports: { fs, cwd: ROOT } });
    const rel = (file: string): string => path.posix.relative(ROOT, file);
    expect(fs.writes).toEqual([other]);
    expect(report.written).toBe(true);
    expect(report.changedFiles).toEqual([rel(other!)]);
    expect(report.fileChanges?.map((c) => c.file)).toEqual([rel(other!)]);
    const skipped = report.skippedFiles.find((f) => f.path === rel(refused!));
    expect(skipped).toMatchObject({ kind: 'unwritable', writable: true, pendingChanges: true });
    // In words, with what to do, and without the temp file's name.
    expect(skipped?.reason).toMatch(/^permission denied \(EACCES\): .*give it write permission there and run again$/);
    expect(skipped?.reason).not.toContain('.tmp');
    expect(skipped?.nodes.length).toBeGreaterThan(0);
    expect(exitCodeOf(report, false)).toBe(3);
    const warning = formatSkippedFiles(report).find((l) => l.startsWith(rel(refused!)));
    expect(warning).toContain('not written: permission denied (EACCES)');
  });
});
