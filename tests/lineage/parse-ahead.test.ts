import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from '@guanmingchiu/sqlparser-ts';
import { startParseAhead, type ParseAhead } from '../../src/lineage/parse-ahead.js';
import { createSqlParser, type ParseOutcome } from '../../src/lineage/parse-sql.js';

/** Model-like SQL texts, every tenth one broken. */
function texts(n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    i % 10 === 9
      ? `select a, from t${i} where`
      : `with base as (select id, name_${i} as name, amount * ${i} as amount from db.raw.t${i} as src) select base.id, base.name, sum(base.amount) as total from base group by 1, 2`,
  );
}

/** The outcome the main thread's parser gives, without the spans the worker drops. */
function expected(sql: string): ParseOutcome {
  try {
    return { ok: true, statements: JSON.parse(JSON.stringify(parse(sql, 'postgresql'), (key, value: unknown) => (key === 'span' ? undefined : value))) as unknown[] };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

async function until(ahead: ParseAhead, produced: number): Promise<void> {
  for (let i = 0; i < 600 && ahead.produced < produced; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(ahead.produced).toBeGreaterThanOrEqual(produced);
}

describe('parsing SQL ahead on a worker thread', () => {
  test('gives the outcome the main thread would, parse errors included, whoever parsed each text', async () => {
    await createSqlParser(); // loads the WASM module for `expected`
    const list = texts(300);
    const ahead = startParseAhead(list, 'postgresql', { minTexts: 1, cores: 2 })!;
    expect(ahead).toBeDefined();
    // The worker parses ahead of what was asked, ahead of anything asked (up to its window).
    await until(ahead, 64);
    let left = 0;
    for (const sql of list) {
      const outcome = ahead.take(sql, 'postgresql');
      if (outcome === undefined) left++;
      else expect(outcome).toEqual(expected(sql));
    }
    expect(ahead.taken).toBeGreaterThanOrEqual(64);
    expect(ahead.taken + left).toBe(300);
    expect(ahead.close()).toBeUndefined();
  });

  test('a worker the main thread has caught up with goes ahead of it, leaving the texts between to the main thread', async () => {
    await createSqlParser();
    const list = texts(200);
    const ahead = startParseAhead(list, 'postgresql', { minTexts: 1, cores: 2 })!;
    // Asked before the worker has loaded the parser (a tenth of a second): the main thread's.
    for (const sql of list.slice(0, 10)) expect(ahead.take(sql, 'postgresql')).toBeUndefined();
    // The worker finds the main thread at text 9, two texts behind its next one: it skips to 9 + 64.
    await until(ahead, 100);
    for (const sql of list.slice(10, 73)) expect(ahead.take(sql, 'postgresql')).toBeUndefined();
    for (const sql of list.slice(73, 100)) expect(ahead.take(sql, 'postgresql')).toEqual(expected(sql));
    expect(ahead.taken).toBe(27);
    ahead.close();
  });

  test('serves texts asked out of order, and another dialect or an unknown text is the caller’s', async () => {
    await createSqlParser();
    const list = texts(120);
    const ahead = startParseAhead(list, 'postgresql', { minTexts: 1, cores: 2 })!;
    await until(ahead, 64);
    expect(ahead.take(list[3]!, 'snowflake')).toBeUndefined();
    expect(ahead.take('select 1', 'postgresql')).toBeUndefined();
    for (const sql of [...list].reverse()) {
      const outcome = ahead.take(sql, 'postgresql');
      if (outcome !== undefined) expect(outcome).toEqual(expected(sql));
    }
    // Each text is given once: asked again, it is the parser's own cache's business.
    expect(ahead.take(list[0]!, 'postgresql')).toBeUndefined();
    ahead.close();
  });

  test('a worker that cannot load the parser leaves every text to the main thread and says why', async () => {
    const list = texts(50);
    const ahead = startParseAhead(list, 'postgresql', { minTexts: 1, cores: 2, modulePath: '/nonexistent/sqlparser.cjs' })!;
    for (let i = 0; i < 600 && !ahead.failed; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ahead.failed).toBe(true);
    expect(list.map((sql) => ahead.take(sql, 'postgresql')).every((o) => o === undefined)).toBe(true);
    expect(ahead.close()).toMatch(/worker thread failed: Cannot find module '\/nonexistent\/sqlparser\.cjs'/);
  });

  // Linux only: elsewhere the worker keeps the main thread's priority.
  test.skipIf(!existsSync('/proc/thread-self'))('the worker thread runs at the lowest priority, the main thread as before', async () => {
    const nice = (task: string): number => Number(readFileSync(`/proc/self/task/${task}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[16]);
    const main = nice(String(process.pid));
    // A process already at the lowest priority cannot show the difference.
    if (main === 19) return;
    const before = new Set(readdirSync('/proc/self/task'));
    const ahead = startParseAhead(texts(300), 'postgresql', { minTexts: 1, cores: 2 })!;
    await until(ahead, 10);
    const niceOfNew = readdirSync('/proc/self/task').filter((t) => !before.has(t)).map(nice);
    expect(niceOfNew).toContain(19);
    expect(nice(String(process.pid))).toBe(main);
    ahead.close();
  });

  test('no worker for a short list or a single core', () => {
    expect(startParseAhead(texts(10), 'postgresql')).toBeUndefined();
    expect(startParseAhead(texts(300), 'postgresql', { cores: 1 })).toBeUndefined();
  });

  test('the parser hands out what the worker parsed and counts it as parsed', async () => {
    const parser = await createSqlParser({ minTexts: 1, cores: 2 });
    const list = texts(200);
    parser.expect(list, 'postgresql');
    const outcomes = list.map((sql) => parser.parse(sql, 'postgresql'));
    expect(parser.parsed).toBe(200);
    outcomes.forEach((outcome, i) => expect(JSON.stringify(outcome, (key, value: unknown) => (key === 'span' ? undefined : value))).toBe(JSON.stringify(expected(list[i]!))));
    expect(parser.close()).toBeUndefined();
  });
});
