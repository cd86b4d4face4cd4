/**
 * The review page in a real browser (chromium): approve, edit, reject, bulk and keyboard, each
 * checked against the store on disk, not only against what the page shows.
 */
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openReviewStore, type Proposal, type ReviewStore } from '../../src/review/index.js';
import { startReviewServer, type ReviewServer } from '../../src/review/server/start-review-server.js';
import { BROWSER_SKIP, launchChromium } from './browser.js';
import { seedReviewProject } from './seed-review-project.js';

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

async function open(): Promise<{ page: Page; store: ReviewStore; seeded: Proposal[] }> {
  const seeded = seedReviewProject();
  dir = seeded.dir;
  const store = await openReviewStore({ projectDir: dir });
  server = await startReviewServer({ store, actor: 'Ada <ada@example.com>' });
  const page = await browser.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
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

describe.skipIf(BROWSER_SKIP !== undefined)('review page in chromium', () => {
  it('lists proposals grouped by node, with counts and context', async () => {
    const { page } = await open();
    expect(await page.locator('#reviewer').textContent()).toBe('Ada <ada@example.com>');
    expect(await page.locator('.node-row .node-name').allTextContents()).toEqual(['customers', 'stg_customers']);
    expect(await page.locator('#match-count').textContent()).toBe('6');
    expect(await page.locator('.chip[data-status="pending"] .chip-count').textContent()).toBe('6');
    await pick(page, 'email');
    const detail = page.locator('#detail');
    await expect.poll(() => detail.textContent()).toContain('The email address the customer signed up with.');
    const text = (await detail.textContent()) ?? '';
    for (const part of ['Inherited by 1 column', 'customers.email', 'SQL excerpt', "{{ ref('stg_customers') }}", 'TEXT', 'Upstream docs used', 'raw.customers.customer_id', 'openai', 'gpt-4o-mini', '402 in · 30 out', '$0.00008']) {
      expect(text).toContain(part);
    }
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
    expect(await page.locator('#apply-count').textContent()).toBe('2');
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
    await page.keyboard.press('e');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Cleaned customers, one row each.');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await stored(store, 'description')).current).toBe('Cleaned customers, one row each.');
    await page.keyboard.press('/');
    await page.keyboard.type('first name');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#match-count').textContent()).toBe('1');
    await page.keyboard.press('r');
    await page.keyboard.type('not needed');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await stored(store, 'columns.first_name.description')).status).toBe('rejected');
    expect((await stored(store, 'columns.first_name.description')).note).toBe('not needed');
  });

  it('bulk-approves everything matching the filter after a confirmation, and cancel sends nothing', async () => {
    const { page, store } = await open();
    await page.selectOption('#path-filter', 'models/schema.yml');
    await page.fill('#search', 'stg_customers');
    await expect.poll(() => page.locator('#match-count').textContent()).toBe('4');
    await page.click('#bulk-approve');
    expect(await page.locator('#confirm-title').textContent()).toBe('Approve 4 proposals?');
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
