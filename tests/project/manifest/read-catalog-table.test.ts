/**
 * The hand check of catalog tables (src/project/manifest/read-catalog-table.ts) against the zod
 * path it stands in for: on every table of the fixtures' catalogs (and the corpus's, when
 * present), and on tables with the table, its columns or one column's fields replaced by values
 * of other shapes, the hand check either leaves the table to zod or gives what zod gives.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCatalog, parseCatalogTable } from '../../../src/project/manifest/read-catalog.js';
import { readCatalogTable } from '../../../src/project/manifest/read-catalog-table.js';
import { CORPUS_DIR, corpusProjects } from '../../corpus/corpus-projects.js';
import { filesUnder } from '../../helpers/files-under.js';

const REPO = path.resolve(import.meta.dirname, '../../..');

function tablesOf(file: string): unknown[] {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { nodes?: Record<string, unknown>; sources?: Record<string, unknown> };
  return [...Object.values(json.nodes ?? {}), ...Object.values(json.sources ?? {})];
}

/** Whether the hand check agrees with zod on `value`: defers to it, or returns what it returns. */
function disagreement(value: unknown): string | undefined {
  const fast = readCatalogTable(value);
  if (fast === undefined) return undefined;
  let slow: unknown;
  try {
    slow = parseCatalogTable(value, 'nodes.t', 'catalog.json');
  } catch (err) {
    return `hand check accepted what zod rejects: ${(err as Error).message}`;
  }
  return isDeepStrictEqual(fast, slow) ? undefined : `different output: ${JSON.stringify(fast).slice(0, 300)} vs ${JSON.stringify(slow).slice(0, 300)}`;
}

const SHAPES: unknown[] = [undefined, null, '', 'text', 0, 2, -1, 1.5, true, [], ['a'], {}, { name: 'x' }];
const COLUMN_FIELDS = ['name', 'type', 'index', 'comment'];

/** The table with itself, its columns, each column, and each field of its first column replaced. */
function mutations(table: unknown): unknown[] {
  const out: unknown[] = [...SHAPES];
  if (typeof table !== 'object' || table === null) return out;
  const record = table as Record<string, unknown>;
  for (const shape of SHAPES) out.push({ ...record, columns: shape });
  const columns = record['columns'];
  if (typeof columns !== 'object' || columns === null) return out;
  const entries = Object.entries(columns as Record<string, unknown>);
  const withColumns = (next: [string, unknown][]): unknown => ({ ...record, columns: Object.fromEntries(next) });
  for (const [i] of entries.entries()) {
    for (const shape of SHAPES) out.push(withColumns(entries.map(([k, c], j) => [k, i === j ? shape : c])));
  }
  const [first] = entries;
  if (first) {
    const [key, column] = first;
    for (const field of COLUMN_FIELDS) {
      for (const shape of SHAPES) {
        const copy = { ...(column as Record<string, unknown>) };
        if (shape === undefined) delete copy[field];
        else copy[field] = shape;
        out.push(withColumns([[key, copy], ...entries.slice(1)]));
      }
    }
    // Out of index order, without indexes, and a key zod's record drops.
    out.push(withColumns([...entries].reverse()));
    out.push(withColumns(entries.map(([k, c]) => [k, { ...(c as object), index: null }])));
    out.push({ ...record, columns: JSON.parse(`{"__proto__": ${JSON.stringify(column)}}`) as unknown });
  }
  return out;
}

const fixtureCatalogs = filesUnder(path.join(REPO, 'fixtures'), /^catalog\.json$/);
const corpus = corpusProjects().filter((p) => p.catalog !== undefined);
if (corpus.length === 0) console.warn(`read-catalog-table corpus cases skipped: no corpus at ${CORPUS_DIR}`);

describe('readCatalogTable agrees with the zod path', () => {
  it('on every table of the fixtures, as they are and mutated', () => {
    expect(fixtureCatalogs.length).toBeGreaterThan(0);
    let accepted = 0;
    let total = 0;
    const problems: string[] = [];
    for (const file of fixtureCatalogs) {
      for (const table of tablesOf(file)) {
        total++;
        if (readCatalogTable(table) !== undefined) accepted++;
        for (const value of [table, ...mutations(table)]) {
          const problem = disagreement(value);
          if (problem) problems.push(`${path.relative(REPO, file)}: ${problem}`);
        }
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    // The point is speed: the fixtures' real tables must take the hand path, not zod.
    expect(accepted).toBe(total);
  });

  it('leaves a table with a wrong column to zod, whose message names the column', () => {
    const table = { columns: { ID: { name: 'id', type: 'int', index: 'one' } } };
    expect(readCatalogTable(table)).toBeUndefined();
    const text = JSON.stringify({ nodes: { 'model.p.a': table }, sources: {} });
    expect(() => parseCatalog(text, 'target/catalog.json')).toThrow(/target\/catalog\.json: nodes\.model\.p\.a\.columns\.ID: /);
  });

  it('sorts columns listed out of index order, as zod’s path does', () => {
    const table = { columns: { B: { name: 'b', type: 'int', index: 2 }, A: { name: 'a', type: 'text', index: 1, comment: 'c' } } };
    expect(readCatalogTable(table)).toEqual([
      { name: 'a', type: 'text', index: 1, comment: 'c' },
      { name: 'b', type: 'int', index: 2 },
    ]);
  });

  it.skipIf(corpus.length === 0)('on every table of the corpus catalogs', () => {
    const problems: string[] = [];
    let accepted = 0;
    let total = 0;
    for (const project of corpus) {
      for (const table of tablesOf(path.join(CORPUS_DIR, project.name, 'repo', project.catalog ?? ''))) {
        total++;
        if (readCatalogTable(table) !== undefined) accepted++;
        const problem = disagreement(table);
        if (problem) problems.push(`${project.name}: ${problem}`);
      }
    }
    expect(total).toBeGreaterThan(0);
    expect(problems.slice(0, 5)).toEqual([]);
    expect(accepted).toBe(total);
  });
});
