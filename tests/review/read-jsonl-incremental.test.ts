import { appendFile, mkdtemp, rm, writeFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { emptyCursor, readJsonlSince } from '../../src/review/read-jsonl-incremental.js';
import { readJsonl } from '../../src/review/read-jsonl.js';

const schema = z.object({ n: z.number() });
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('reading the store incrementally', () => {
  it('parses only appended lines, keeps line numbers, never keeps a line without its break, and rereads a replaced file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'osmosis-jsonl-'));
    dirs.push(dir);
    const file = join(dir, 'p.jsonl');
    const cursor = emptyCursor<{ n: number }>();
    expect(await readJsonlSince(file, 'p', schema, cursor)).toEqual({ records: [], diagnostics: [] });
    await writeFile(file, '{"n":1}\n{"n":"x"}\n');
    let read = await readJsonlSince(file, 'p', schema, cursor);
    expect(read.records).toEqual([{ n: 1 }]);
    expect(read.diagnostics.map((d) => d.line)).toEqual([2]);
    // "é" is two bytes: offsets are bytes, not characters.
    await appendFile(file, '{"n":2,"s":"é"}\nnot json\n{"n":3}');
    read = await readJsonlSince(file, 'p', schema, cursor);
    expect(read.records).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(read.diagnostics.map((d) => d.line)).toEqual([2, 4]);
    // The line without its break is read again once it is complete, not twice.
    await appendFile(file, '\n{"n":4}\n');
    read = await readJsonlSince(file, 'p', schema, cursor);
    expect(read.records).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    expect(read).toEqual(await readJsonl(file, 'p', schema));
    // Compaction renames a new file in: read from the start.
    await writeFile(join(dir, 'new.jsonl'), '{"n":9}\n');
    await rename(join(dir, 'new.jsonl'), file);
    expect((await readJsonlSince(file, 'p', schema, cursor)).records).toEqual([{ n: 9 }]);
  });
});
