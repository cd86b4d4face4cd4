/**
 * The review page in a real browser (chromium): approve, edit, reject, bulk and keyboard, each
 * checked against the store on disk, not only against what the page shows.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openReviewStore, type Proposal, type ReviewStore } from '../../src/review/index.js';
import { startReviewServer, type ReviewServer } from '../../src/review/server/start-review-server.js';
import { BROWSER_SKIP, launchChromium } from './browser.js';
import { seedManyProposals, seedReviewProject } from './seed-review-project.js';

const STORE_FILES = ['proposals.jsonl', 'audit.jsonl'];
let browser: Browser;
let server: ReviewServer | undefined;
let dir: string | undefined;

beforeAll(async () => {
  if (BROWSER_SKIP === undefined) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function open(beforeLoad?: (page: Page) => void, seed: () => { dir: string; proposals: Proposal[] } = seedReviewProject): Promise<{ page: Page; store: ReviewStore; seeded: Proposal[] }> {
  const seeded = seed();
  dir = seeded.dir;
  const store = await openReviewStore({ projectDir: dir });
  server = await startReviewServer({ store, actor: 'Ada <ada@example.com>', storeFiles: STORE_FILES.map((f) => path.join(dir!, '.osmosis', f)) });
  const page = await browser.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  beforeLoad?.(page);
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, store, seeded: seeded.proposals };
}

async function stored(store: ReviewStore, field: string, node = 'model.mini.stg_customers'): Promise<Proposal> {
  const { proposals } = await store.list();
  const p = proposals.find((x) => x.node === node && x.field === field);
  if (p === undefined) throw new Error(`no proposal ${node} ${field}`);
  return p;
}

async function pick(page: Page, field: string): Promise<void> {
  await page.locator('.item-row', { hasText: field }).first().click();
  await expect.poll(() => page.locator('.detail-title h2').textContent()).toBe(field);
}

// A browser on 2 shared cores: a test that loses a race with the page gets one more try; a real
// fault fails both.
describe.skipIf(BROWSER_SKIP !== undefined)('review page in chromium', { retry: 1 }, () => {
  it('lists proposals grouped by node, with counts and context, loading nothing from elsewhere', async () => {
    const requested: string[] = [];
    const watch = (p: Page): void => void p.on('request', (r) => requested.push(r.url()));
    const { page } = await open(watch);
    await expect.poll(() => page.locator('#reviewer').textContent()).toBe('Ada <ada@example.com>');
    await expect.poll(() => page.locator('.node-row .node-name').allTextContents()).toEqual(['customers', 'stg_customers']);
    await expect.poll(() => page.locator('#match-count').textContent()).toBe('6');
    await expect.poll(() => page.locator('.chip[data-status="pending"] .chip-count').textContent()).toBe('6');
    await pick(page, 'email');
    const detail = page.locator('#detail');
    await expect.poll(() => detail.textContent()).toContain('The email address the customer signed up with.');
    // The summary is drawn first and the full proposal when it arrives: wait for every part.
    const parts = ['Inherited by 1 column', 'customers.email', 'SQL excerpt', "{{ ref('stg_customers') }}", 'TEXT', 'Upstream docs used', 'raw.customers.customer_id', 'openai', 'gpt-4o-mini', '402 in · 30 out', '$0.00008'];
    await expect.poll(async () => {
      const text = (await detail.textContent()) ?? '';
      return parts.filter((part) => !text.includes(part));
    }).toEqual([]);
    expect(requested.length).toBeGreaterThan(5);
    for (const url of requested) expect(url.startsWith(`${server!.origin}/`) || url.startsWith('data:'), url).toBe(true);
  });

  it('approves, edits and rejects with a note; each lands in the store before the page shows it', async () => {
    const { page, store } = await open();
    await pick(page, 'email');
    await page.click('#act-approve');
    await expect.poll(() => page.locator('.detail-title .badge').textContent()).toBe('approved');
    expect((await stored(store, 'columns.email.description')).status).toBe('approved');
    expect((await stored(store, 'columns.email.description')).reviewedBy).toBe('Ada <ada@example.com>');

    await pick(page, 'first_name');
    await page.click('#act-edit');
    await page.fill('#edit-text', 'The given name of the customer.');
    await page.click('#edit-save');
    await expect.poll(() => page.locator('.detail-title .badge').textContent()).toBe('approved');
    const edited = await stored(store, 'columns.first_name.description');
    expect(edited).toMatchObject({ status: 'approved', current: 'The given name of the customer.', proposed: 'The first name of the customer.' });

    await pick(page, 'customer_id');
    await page.click('#act-reject');
    await page.fill('#confirm-note', 'Too vague for the finance team');
    await page.click('#confirm-ok');
    await expect.poll(() => page.locator('.detail-title .badge').textContent()).toBe('rejected');
    expect(await stored(store, 'columns.customer_id.description')).toMatchObject({ status: 'rejected', note: 'Too vague for the finance team' });
    await expect.poll(() => page.locator('#apply-count').textContent()).toBe('2');
  });

  it('works from the keyboard: j/k move, a approves, e edits, r rejects, / searches', async () => {
    const { page, store } = await open();
    // First in the list: customers' description.
    await expect.poll(() => page.locator('.item-row.selected .field-name').textContent()).toBe('(description)');
    await page.keyboard.press('j');
    await expect.poll(() => page.locator('.item-row.selected .field-name').textContent()).toBe('lifetime_value');
    await page.keyboard.press('a');
    await expect.poll(async () => (await stored(store, 'columns.lifetime_value.description', 'model.mini.customers')).status).toBe('approved');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await expect.poll(() => page.locator('.item-row.selected .field-name').textContent()).toBe('lifetime_value');
    await page.keyboard.press('j');
    // The editor opens once the proposal is drawn; type only when it has the focus. On a loaded
    // machine `e` can land while the page is still drawing the next item, so it is pressed again
    // until an editor shows (never while one is open, where it would be text).
    const editorFocused = (): Promise<boolean> => page.locator('textarea').first().evaluate((el) => el === el.ownerDocument.activeElement).catch(() => false);
    await expect.poll(async () => {
      if (!(await page.locator('textarea').first().isVisible())) await page.keyboard.press('e');
      return editorFocused();
    }).toBe(true);
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Cleaned customers, one row each.');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await stored(store, 'description')).current).toBe('Cleaned customers, one row each.');
    // The editor closes once the page has the store's answer; `/` in an open editor is text.
    await expect.poll(() => page.locator('#edit-text').isVisible()).toBe(false);
    // `/` focuses the search; on a loaded machine a key can land before the page is listening
    // again, so it is pressed until the search has the focus (it is never typed into it).
    const searchFocused = (): Promise<boolean> => page.locator('#search').evaluate((el) => el === el.ownerDocument.activeElement);
    await expect.poll(async () => {
      if (!(await searchFocused())) await page.keyboard.press('/');
      return searchFocused();
    }).toBe(true);
    await page.keyboard.type('first name');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#match-count').textContent()).toBe('1');
    await page.keyboard.press('r');
    await page.keyboard.type('not needed');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await stored(store, 'columns.first_name.description')).status).toBe('rejected');
    expect((await stored(store, 'columns.first_name.description')).note).toBe('not needed');
  });

  it('draws only the rows in view of 3,000 proposals, scrolls to the last, and filters them in memory', async () => {
    const { page } = await open(undefined, () => seedManyProposals(3000));
    await expect.poll(() => page.locator('#match-count').textContent()).toBe('3,000');
    await expect.poll(() => page.locator('.row').count()).toBeLessThan(60);
    await page.locator('#list').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect.poll(() => page.locator('.node-row .node-name').last().textContent()).toBe('m299_orders');
    await expect.poll(() => page.locator('.row').count()).toBeLessThan(60);
    await page.fill('#search', 'm042_orders col_7');
    await expect.poll(() => page.locator('#match-count').textContent()).toBe('1');
    await expect.poll(() => page.locator('.item-row .field-name').allTextContents()).toEqual(['col_7']);
  });

  it('bulk-approves everything matching the filter after a confirmation, and cancel sends nothing', async () => {
    const { page, store } = await open();
    await page.selectOption('#path-filter', 'models/schema.yml');
    await page.fill('#search', 'stg_customers');
    await expect.poll(() => page.locator('#match-count').textContent()).toBe('4');
    await page.click('#bulk-approve');
    await expect.poll(() => page.locator('#confirm-title').textContent()).toBe('Approve 4 proposals?');
    await page.click('#confirm-dialog button[value="cancel"]');
    expect((await store.list()).proposals.every((p) => p.status === 'pending')).toBe(true);

    await page.click('#bulk-approve');
    await page.click('#confirm-ok');
    await expect.poll(() => page.locator('.chip[data-status="approved"] .chip-count').textContent()).toBe('4');
    const { proposals } = await store.list();
    expect(proposals.filter((p) => p.status === 'approved').map((p) => p.current).sort()).toEqual([
      'One row per customer, cleaned from the raw shop export.',
      'The email address the customer signed up with.',
      'The first name of the customer.',
      'The id of a customer in the shop.',
    ].sort());

    await page.fill('#search', '');
    await page.click('.chip[data-status="pending"]');
    await page.click('#bulk-reject');
    await page.click('#confirm-ok');
    await expect.poll(async () => (await store.list()).proposals.filter((p) => p.status === 'rejected').length).toBe(2);
  });
});

function schemaEntry(projectDir: string, model: string): { description?: string; columns: { name: string; description?: string }[] } {
  const doc = parse(readFileSync(path.join(projectDir, 'models/schema.yml'), 'utf8')) as { models: { name: string; description?: string; columns: { name: string; description?: string }[] }[] };
  const entry = doc.models.find((m) => m.name === model);
  if (entry === undefined) throw new Error(`no ${model} in schema.yml`);
  return entry;
}

describe.skipIf(BROWSER_SKIP !== undefined)('review page in chromium: apply, rollback, two tabs', { retry: 1 }, () => {
  it('applies approved proposals after showing the diff, and rolls one back', async () => {
    const { page, store } = await open();
    const before = readFileSync(path.join(dir!, 'models/schema.yml'), 'utf8');
    await pick(page, 'email');
    await page.click('#act-approve');
    await expect.poll(() => page.locator('#apply-count').textContent()).toBe('1');
    await page.click('#apply-open');
    await page.waitForSelector('#apply-dialog[open]');
    const diff = (await page.locator('#apply-diff').textContent()) ?? '';
    expect(diff).toContain('+        description: The email address the customer signed up with.');
    await expect.poll(() => page.locator('#apply-diff .add').count()).toBeGreaterThanOrEqual(2);
    // The preview wrote nothing.
    expect(readFileSync(path.join(dir!, 'models/schema.yml'), 'utf8')).toBe(before);
    await page.click('#apply-write');
    await expect.poll(() => page.locator('.detail-title .badge').textContent()).toBe('applied');
    // The YAML as a re-read shows it: the column and the one that inherits it.
    const email = (m: string): string | undefined => schemaEntry(dir!, m).columns.find((c) => c.name === 'email')?.description;
    expect(email('stg_customers')).toBe('The email address the customer signed up with.');
    expect(email('customers')).toBe('The email address the customer signed up with.');
    expect((await stored(store, 'columns.email.description')).status).toBe('applied');
    await expect.poll(() => page.locator('#banner-text').textContent()).toContain('Applied 1 proposal(s) to models/schema.yml');

    await page.click('#act-rollback');
    await page.click('#confirm-ok');
    await expect.poll(() => page.locator('.detail-title .badge').textContent()).toBe('rolled back');
    expect(email('stg_customers')).toBeUndefined();
    expect(email('customers')).toBeUndefined();
    expect((await stored(store, 'columns.email.description')).status).toBe('rolled_back');
  });

  it('two tabs in conflict: the second sees the first one\'s action and loses neither', async () => {
    const { page: first } = await open();
    const second = await browser.newPage();
    await second.goto(server!.url);
    await second.waitForSelector('body[data-ready="true"]');
    const { store } = { store: await openReviewStore({ projectDir: dir! }) };

    await pick(first, 'email');
    await pick(second, 'email');
    await first.click('#act-edit');
    await first.fill('#edit-text', 'Where the shop writes to the customer.');
    await first.click('#edit-save');
    await expect.poll(() => first.locator('.detail-title .badge').textContent()).toBe('approved');

    // The second tab still shows pending; its reject meets the newer state.
    await expect.poll(() => second.locator('.detail-title .badge').textContent()).toBe('pending');
    await second.click('#act-reject');
    await second.fill('#confirm-note', 'wrong');
    await second.click('#confirm-ok');
    await expect.poll(() => second.locator('#banner').getAttribute('class')).toBe('banner warn');
    await expect.poll(() => second.locator('#banner-text').textContent()).toContain('changed elsewhere first');
    await expect.poll(() => second.locator('#banner-text').textContent()).toContain('approved by Ada');
    // It now shows the first tab's edit, and the store kept it.
    await expect.poll(() => second.locator('.detail-title .badge').textContent()).toBe('approved');
    await expect.poll(() => second.locator('.text.current').textContent()).toBe('Where the shop writes to the customer.');
    expect(await stored(store, 'columns.email.description')).toMatchObject({ status: 'approved', current: 'Where the shop writes to the customer.' });

    // Acting again from the current state works: the second tab's decision is not lost either.
    await second.click('#act-reject');
    await second.fill('#confirm-note', 'still wrong');
    await second.click('#confirm-ok');
    await expect.poll(async () => (await stored(store, 'columns.email.description')).status).toBe('rejected');
    // The audit line is appended right after the proposal's own line: wait for it too.
    await expect.poll(async () => (await stored(store, 'columns.email.description')).history?.map((h) => h.action)).toEqual(['propose', 'edit', 'reject']);
  });

  it('a page on another origin cannot read or change proposals', async () => {
    const { store } = await open();
    // Another origin on this machine: a plain page with no CSP of its own, so only the review
    // server's rules stand between it and the proposals.
    const evilServer = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
    evilServer.listen(0, '127.0.0.1');
    await once(evilServer, 'listening');
    try {
      const evil = await browser.newPage();
      await evil.goto(`http://127.0.0.1:${(evilServer.address() as AddressInfo).port}/`);
      const [first] = (await store.list()).proposals;
      const outcome = await evil.evaluate(async ({ target, token, id }) => {
        const body = JSON.stringify({ action: 'approve', items: [{ id, revision: 0 }] });
        const attempts = [
          () => fetch(`${target}/api/proposals`, { headers: { 'X-Review-Token': token } }).then((r) => r.text()),
          () => fetch(`${target}/api/act`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Review-Token': token }, body }).then((r) => r.text()),
          () => fetch(`${target}/?token=${token}`).then((r) => r.text()),
          () => fetch(`${target}/api/act`, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body }).then((r) => `opaque ${r.type}`),
        ];
        const results: string[] = [];
        for (const attempt of attempts) results.push(await attempt().then((t) => `read: ${t.slice(0, 40)}`, (e: Error) => `blocked: ${e.message}`));
        return results;
      }, { target: server!.origin, token: server!.token, id: first!.id });
      // Even knowing the token: no CORS, so the browser blocks every read and the preflighted
      // POST; the one request it sends blind (a form-like post) the server refuses (415, no
      // token) and its answer stays unreadable (Cross-Origin-Resource-Policy).
      expect(outcome).toEqual(Array(4).fill('blocked: Failed to fetch'));
      expect((await store.list()).proposals.every((p) => p.status === 'pending')).toBe(true);
    } finally {
      evilServer.close();
    }
  });
});
