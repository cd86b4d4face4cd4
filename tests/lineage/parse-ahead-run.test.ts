import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { generateProject } from '../../bench/generate-project.mjs';
import type { DocumentOptions } from '../../src/config/types.js';

const work = mkdtempSync(path.join(tmpdir(), 'osmosis-parse-ahead-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function options(projectDir: string, select: string[] = []): DocumentOptions {
  return {
    projectDir, select, exclude: [], positional: [], dryRun: false, check: false, forceInheritDescriptions: false,
    skipAddColumns: false, skipAddDataTypes: false, addProgenitorToMeta: false, placeholders: [], synthesize: false,
  };
}

/** Every YAML file under `dir`, by relative path. */
function yamlOf(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && /\.ya?ml$/.test(entry.name)) {
      const file = path.join(entry.parentPath, entry.name);
      out.set(path.relative(dir, file), readFileSync(file, 'utf8'));
    }
  }
  return out;
}

/** Runs `yaml document` on a fresh copy of `base` with the library loaded anew, workers counted. */
async function run(base: string, name: string, cores: number, select: string[] = []) {
  const dir = path.join(work, name);
  cpSync(base, dir, { recursive: true });
  vi.resetModules();
  let workers = 0;
  vi.doMock('node:os', async (original) => ({ ...(await original<typeof import('node:os')>()), availableParallelism: () => cores }));
  vi.doMock('node:worker_threads', async (original) => {
    const real = await original<typeof import('node:worker_threads')>();
    class CountedWorker extends real.Worker {
      constructor(...args: ConstructorParameters<typeof real.Worker>) {
        super(...args);
        workers++;
      }
    }
    return { ...real, Worker: CountedWorker };
  });
  const { documentProject } = await import('../../src/library-entry.js');
  const report = await documentProject(options(dir, select));
  vi.doUnmock('node:os');
  vi.doUnmock('node:worker_threads');
  return { report, yaml: yamlOf(dir), workers };
}

describe('a run whose SQL a worker thread parses ahead', () => {
  for (const shape of ['first-run', 'rerun'] as const) {
    test(`writes what a run on one core writes (${shape} shape, 400 models)`, async () => {
      const base = path.join(work, `base-${shape}`);
      generateProject(base, { models: 400, seed: 3, shape });
      const alone = await run(base, `${shape}-one-core`, 1);
      const ahead = await run(base, `${shape}-two-cores`, 2);
      expect(alone.workers).toBe(0);
      expect(ahead.workers).toBe(1);
      expect(ahead.report.lineage).toEqual(alone.report.lineage);
      expect(ahead.report.lineage?.modelsParsed).toBeGreaterThan(300);
      expect(ahead.report.columnsInheritedByLineage).toBe(alone.report.columnsInheritedByLineage);
      expect(ahead.report.columnsInheritedByLineage).toBeGreaterThan(0);
      expect(ahead.report.warnings).toEqual(alone.report.warnings);
      expect(ahead.report.changedFiles.length).toBeGreaterThan(0);
      expect(ahead.yaml).toEqual(alone.yaml);
    }, 120_000);
  }

  test('a selection starts the worker once the graph says which models it needs', async () => {
    const base = path.join(work, 'base-select');
    generateProject(base, { models: 400, seed: 4, shape: 'rerun' });
    const alone = await run(base, 'select-one-core', 1, ['+path:models/marts']);
    const ahead = await run(base, 'select-two-cores', 2, ['+path:models/marts']);
    expect(alone.report.lineage?.modelsParsed).toBeGreaterThanOrEqual(200);
    expect(ahead.report.nodesConsidered).toBeLessThan(400);
    expect(ahead.workers).toBe(1);
    expect(ahead.report.lineage).toEqual(alone.report.lineage);
    expect(ahead.yaml).toEqual(alone.yaml);
  }, 120_000);
});
