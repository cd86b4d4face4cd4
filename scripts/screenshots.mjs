#!/usr/bin/env node
// Makes the review page's screenshots in docs/review/ (list.png, proposal.png, dashboard.png)
// from a real run: the demo project (fixtures/jaffle + examples/jaffle_shop) goes through
// `yaml document --synthesize --review` against the test suite's fake LLM server, then
// `osmosis-ts review` serves it and chromium (Debian's, via playwright-core) reviews a few
// proposals, applies them and takes the pictures. Needs `npm run build`; no network, no key.
//   node scripts/screenshots.mjs [OUT_DIR]      default docs/review
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../bench/chromium.mjs';
import { startFakeLlmWorker } from '../bench/fake-llm.mjs';

// What the fake model answers, per column or schema name (the test server's own wording is built
// to be checked, not read): demo text, so the pictures show what a reviewer would see.
const WORDING = {
  model_description: 'One row per customer with their order history: first and latest order, number of orders and lifetime value.',
  customer_id: 'Identifier of the customer; unique per row, shared by orders and payments.',
  first_name: "The customer's first name, as entered at sign-up.",
  last_name: "Initial of the customer's last name (the shop stores only the initial).",
  first_order: 'Date of the first order the customer placed.',
  most_recent_order: 'Date of the latest order the customer placed.',
  number_of_orders: 'How many orders the customer has placed, returns included.',
  customer_lifetime_value: 'Total the customer has paid over all orders, in dollars.',
  order_id: 'Identifier of the order; unique per row.',
  order_date: 'Date the order was placed, in the shop\'s local time.',
  status: 'Where the order is in fulfilment: placed, shipped, completed, return_pending or returned.',
  amount: 'Amount of the payment in dollars (the source stores cents).',
  payment_id: 'Identifier of the payment; unique per row.',
  payment_method: 'How the customer paid: credit_card, coupon, bank_transfer or gift_card.',
  id: 'Identifier of the record in the source export.',
  user_id: 'The customer who placed the order (raw export naming).',
};
const NODES = {
  customers: 'One row per customer with their order history: first and latest order, number of orders and lifetime value.',
  orders: 'One row per order with its status and the amount paid by each payment method.',
  stg_customers: 'Customers from the raw export, renamed to the project conventions; one row per customer.',
  stg_orders: 'Orders from the raw export with typed dates and statuses; one row per order.',
  stg_payments: 'Payments from the raw export, amounts converted from cents to dollars; one row per payment.',
};
const describe = (name) => WORDING[Object.keys(WORDING).find((k) => name === k || name.endsWith(`_${k}`) || name.endsWith(`.${k}`)) ?? ''] ?? `Describes ${name.replace(/_/g, ' ')} for analysts.`;

const execFileAsync = promisify(execFile);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'docs/review'));
const cli = path.join(root, 'bin/osmosis-ts.js');
const work = mkdtempSync(path.join(tmpdir(), 'osmosis-screens-'));
const project = path.join(work, 'jaffle_shop');
cpSync(path.join(root, 'fixtures/jaffle'), project, { recursive: true });
cpSync(path.join(root, 'examples/jaffle_shop'), project, { recursive: true });

/** The URL `osmosis-ts review` prints, once it is listening. */
function serve(env) {
  const child = spawn(process.execPath, [cli, 'review', '--no-open', '--reviewer', 'Maria Lopez <maria@jaffle.example>'], { cwd: project, env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const url = /Open: (\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`osmosis-ts review exited ${code}: ${out}`)));
  });
}

// Compiles the test suite's fake LLM server (bench/out/fake-llm/) and runs it here, with the wording above.
await (await startFakeLlmWorker(root, 0)).close();
const { startFakeLlmServer } = await import('../bench/out/fake-llm/fake-llm-server.js');
// One-column and node requests name their target only in the prompt.
const respond = (req) => {
  const column = /Document the column "([^"]+)"/.exec(req.prompt ?? '')?.[1];
  if (column !== undefined) return { answer: { description: describe(column) } };
  const node = /Describe the dbt \w+ "([^"]+)"/.exec(req.prompt ?? '')?.[1];
  if (node !== undefined) return { answer: { description: NODES[node] ?? `One row per ${node.replace(/_/g, ' ')} record.` } };
  return undefined;
};
const llm = await startFakeLlmServer({ describe, respond });
let server;
let browser;
try {
  const env = { ...process.env, XDG_CACHE_HOME: path.join(work, 'cache'), LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'fake-key-for-screenshots', OPENAI_BASE_URL: llm.openaiBaseUrl, OPENAI_MODEL: 'gpt-4o-mini', OSMOSIS_REVIEWER: 'osmosis-ts run' };
  // Asynchronously: the fake LLM server answers from this process's event loop.
  await execFileAsync(process.execPath, [cli, 'yaml', 'document', '--synthesize', '--review'], { cwd: project, env }).catch((error) => {
    throw new Error(`yaml document --synthesize --review failed:\n${error.stdout}\n${error.stderr}`);
  });
  server = await serve(env);
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');

  // A review in progress: a few approved (one of them applied), one edited, one rejected.
  const keys = async (...presses) => {
    for (const k of presses) {
      await page.keyboard.press(k);
      await page.waitForFunction(() => !document.body.classList.contains('busy'), undefined, { timeout: 120_000 });
    }
  };
  await keys('a', 'j', 'a', 'j', 'a', 'j');
  await page.click('#apply-open');
  await page.waitForSelector('#apply-dialog[open]', { timeout: 120_000 });
  await page.click('#apply-write');
  await page.waitForFunction(() => document.getElementById('banner-text').textContent.startsWith('Applied'), undefined, { timeout: 120_000 });
  await keys('j', 'a', 'j', 'e');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Identifier of the order; one row per order, referenced by payments.');
  await keys('Control+Enter', 'j');
  await page.keyboard.press('r');
  await page.waitForSelector('#confirm-dialog[open]');
  await page.keyboard.type('Too generic: say which status values exist');
  await keys('Enter', 'j', 'j');
  await page.click('#banner-close');

  mkdirSync(outDir, { recursive: true });
  await page.locator('.item-row', { hasText: 'Orders from the raw export' }).click();
  await page.waitForSelector('#detail .ctx');
  await page.screenshot({ path: path.join(outDir, 'list.png') });
  await page.fill('#search', 'customer');
  await page.waitForTimeout(100);
  await page.locator('.item-row').nth(2).click();
  await page.waitForSelector('#detail .ctx');
  await page.screenshot({ path: path.join(outDir, 'proposal.png') });
  await page.click('#tab-dashboard');
  await page.waitForSelector('#dash-bars .bar-row');
  await page.screenshot({ path: path.join(outDir, 'dashboard.png') });
  console.log(`screenshots in ${outDir}`);
} catch (error) {
  if (browser) await browser.contexts()[0]?.pages()[0]?.screenshot({ path: path.join(work, 'failure.png') }).then(() => console.error(`page at the failure: ${path.join(work, 'failure.png')} (kept)`));
  process.env.KEEP_WORK = '1';
  throw error;
} finally {
  await browser?.close();
  server?.child.kill('SIGTERM');
  await llm.close();
  if (!process.env.KEEP_WORK) rmSync(work, { recursive: true, force: true });
}
