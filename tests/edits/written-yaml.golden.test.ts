/**
 * Golden cases of "What is written" (docs/inheritance.md), each on a layout taken from a real
 * project (fixtures/written/SOURCE.txt): a run on a temp copy of `<case>/project` must leave
 * exactly the files of `<case>/<expected>/` changed or created, byte for byte, and a second run
 * must change nothing. `UPDATE_GOLDEN=1` rewrites the expected folders (review the diff!).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentOptions } from '../../src/config/types.js';
import { documentProject } from '../../src/library-entry.js';
import { documentOptions } from '../helpers/document-options.js';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { fakeSynthesisOptions } from '../helpers/fake-llm-settings.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
const WRITTEN = path.join(FIXTURES, 'written');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const temps: string[] = [];
let server: FakeLlmServer;

beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(async () => {
  await server?.close();
  temps.forEach((t) => rmSync(t, { recursive: true, force: true }));
});

interface GoldenCase {
  title: string;
  /** The project to copy (under fixtures/). */
  project: string;
  /** Expected files, under fixtures/written/. */
  expected: string;
  synthesize?: boolean;
  /** A catalog under fixtures/written/, instead of the project's own. */
  catalog?: string;
  options?: Partial<DocumentOptions>;
}

const CASES: GoldenCase[] = [
  {
    title: "a folder whose one schema file holds the other entries gets the new entry there; description after name; added column in catalog order",
    project: 'written/folder-schema-file/project',
    expected: 'folder-schema-file/expected',
    synthesize: true,
  },
  {
    title: 'a folder with one file per node gets `<name>.yml`; added names and types keep the uppercase of the files',
    project: 'written/file-per-node/project',
    expected: 'file-per-node/expected',
  },
  {
    title: '--output-to-lower forces lowercase names and types on what is added',
    project: 'written/file-per-node/project',
    expected: 'file-per-node/expected-lower',
    options: { outputCase: 'lower' },
  },
  {
    title: 'a Snowflake catalog (UPPERCASE) added to a lowercase file comes out lowercase',
    project: 'written/snowflake-lowercase/project',
    expected: 'snowflake-lowercase/expected',
  },
  {
    title: '--sort-by alphabetical sorts written column lists, moving each item with its lines',
    project: 'written/folder-schema-file/project',
    expected: 'folder-schema-file/expected-alphabetical',
    options: { sortBy: 'alphabetical', select: ['hubspot__daily_ticket_history'] },
  },
  {
    title: '--sort-by database puts written column lists in catalog order',
    project: 'written/folder-schema-file/project',
    expected: 'folder-schema-file/expected-database',
    options: { sortBy: 'database', select: ['hubspot__daily_ticket_history'] },
  },
  {
    title: 'seeds without an entry get `_<name>.yml` with catalog columns and synthesized descriptions',
    project: 'jaffle',
    expected: 'seeds/expected',
    catalog: 'seeds/catalog.json',
    synthesize: true,
    options: { select: ['resource_type:seed'] },
  },
  {
    title: 'versions sharing one `columns:` list get each text once',
    project: 'written/versioned-shared-columns/project',
    expected: 'versioned-shared-columns/expected',
    synthesize: true,
  },
];

/** Every file under `dir`, as paths relative to it. */
function listTree(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listTree(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

function optionsFor(dir: string, c: GoldenCase, extra: Partial<DocumentOptions> = {}): DocumentOptions {
  return documentOptions(dir, {
    // These cases are about layout, key placement and case, with name matching; what lineage
    // changes (e.g. `coalesce(b.dim_block_id, '-1')` is an expression and inherits nothing) is
    // tested in tests/lineage and measured in docs/lineage.md.
    lineage: false,
    ...(c.catalog ? { catalogPath: path.join(WRITTEN, c.catalog) } : {}),
    ...(c.synthesize
      ? {
          synthesize: true,
          synthesis: fakeSynthesisOptions(server, 'openai', { concurrency: 2 }),
        }
      : {}),
    ...c.options,
    ...extra,
  });
}

describe('what is written: golden cases from real layouts', () => {
  for (const c of CASES) {
    it(c.title, async () => {
      const temp = mkdtempSync(path.join(tmpdir(), 'osmosis-written-'));
      temps.push(temp);
      const dir = path.join(temp, 'project');
      const source = path.join(FIXTURES, c.project);
      cpSync(source, dir, { recursive: true });
      server.reset();
      const report = await documentProject(optionsFor(dir, c));
      expect(report.failures).toEqual([]);

      const expectedDir = path.join(WRITTEN, c.expected);
      const changed = listTree(dir).filter((file) => {
        const before = path.join(source, file);
        return !existsSync(before) || readFileSync(before, 'utf8') !== readFileSync(path.join(dir, file), 'utf8');
      });
      if (UPDATE) {
        rmSync(expectedDir, { recursive: true, force: true });
        for (const file of changed) {
          mkdirSync(path.dirname(path.join(expectedDir, file)), { recursive: true });
          writeFileSync(path.join(expectedDir, file), readFileSync(path.join(dir, file)));
        }
      }
      expect(changed.sort()).toEqual(listTree(expectedDir).sort());
      for (const file of changed) {
        expect(readFileSync(path.join(dir, file), 'utf8'), file).toBe(readFileSync(path.join(expectedDir, file), 'utf8'));
      }

      // Idempotent: a check right after finds nothing to change (with synthesis: nothing to ask).
      server.reset();
      const again = await documentProject(optionsFor(dir, c, { check: true }));
      expect(again.changedFiles, 'a second run changes nothing').toEqual([]);
      expect(server.requests.length, 'a second run asks the model nothing').toBe(0);
    });
  }

  it('a seed prompt carries its CSV header and first rows instead of SQL', async () => {
    const temp = mkdtempSync(path.join(tmpdir(), 'osmosis-written-'));
    temps.push(temp);
    const dir = path.join(temp, 'project');
    cpSync(path.join(FIXTURES, 'jaffle'), dir, { recursive: true });
    server.reset();
    const seeds = CASES.find((c) => c.expected === 'seeds/expected') as GoldenCase;
    await documentProject(optionsFor(dir, seeds, { select: ['raw_payments'] }));
    const prompts = server.requests.map((r) => r.prompt);
    expect(prompts.length).toBeGreaterThan(0);
    const csv = readFileSync(path.join(dir, 'seeds/raw_payments.csv'), 'utf8').split('\n').slice(0, 6).join('\n');
    for (const prompt of prompts) {
      expect(prompt).toContain('seed loaded from seeds/raw_payments.csv: its CSV header and first 5 rows');
      expect(prompt).toContain(csv);
      expect(prompt).not.toContain(readFileSync(path.join(dir, 'seeds/raw_payments.csv'), 'utf8').split('\n')[6]);
    }
  });

  it('a seed whose CSV cannot be read is still documented, with a warning naming the file', async () => {
    const temp = mkdtempSync(path.join(tmpdir(), 'osmosis-written-'));
    temps.push(temp);
    const dir = path.join(temp, 'project');
    cpSync(path.join(FIXTURES, 'jaffle'), dir, { recursive: true });
    rmSync(path.join(dir, 'seeds/raw_payments.csv'));
    server.reset();
    const seeds = CASES.find((c) => c.expected === 'seeds/expected') as GoldenCase;
    const report = await documentProject(optionsFor(dir, seeds, { select: ['raw_payments'] }));
    expect(report.warnings).toContain('seeds/raw_payments.csv: cannot read the CSV of seed seed.jaffle_shop_duckdb.raw_payments (no such file); its prompts carry no sample rows.');
    // Without a sample (and with no SQL) the prompt leaves that block out.
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.some((r) => r.prompt.includes('seed loaded from'))).toBe(false);
    expect(report.changedFiles).toEqual(['seeds/_raw_payments.yml']);
  });
});
