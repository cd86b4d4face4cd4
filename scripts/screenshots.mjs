#!/usr/bin/env node
// Makes the review page's screenshots in docs/review/ (list.png, proposal.png, dashboard.png)
// from a real run: the demo project (fixtures/jaffle + examples/jaffle_shop) goes through
// `yaml document --synthesize --review` against the test suite's fake LLM server, then
// `osmosis-ts review` serves it and chromium (Debian's, via playwright-core) reviews a few
// proposals, applies them and takes the pictures. Needs `npm run build`; no network, no key.
//   node scripts/screenshots.mjs [OUT_DIR]      default docs/review
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startFakeLlmWorker } from '../bench/fake-llm.mjs';

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

const llm = await startFakeLlmWorker(root, 0);
let server;
let browser;
try {
  const env = { ...process.env, XDG_CACHE_HOME: path.join(work, 'cache'), LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'fake-key-for-screenshots', OPENAI_BASE_URL: llm.openaiBaseUrl, OPENAI_MODEL: 'gpt-4o-mini', OSMOSIS_REVIEWER: 'osmosis-ts run' };
  const run = spawnSync(process.execPath, [cli, 'yaml', 'document', '--synthesize', '--review'], { cwd: project, env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`yaml document --synthesize --review exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
  server = await serve(env);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');

  // A review in progress: a few approved (one of them applied), one edited, one rejected.
  const keys = async (...presses) => {
    for (const k of presses) {
      await page.keyboard.press(k);
      await page.waitForFunction(() => !document.body.classList.contains('busy'));
    }
  };
  await keys('a', 'j', 'a', 'j', 'a', 'j');
  await page.click('#apply-open');
  await page.click('#apply-write');
  await page.waitForSelector('#banner.ok');
  await keys('j', 'a', 'j', 'e');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('When the customer placed their first order, in the shop\'s local time.');
  await keys('Control+Enter', 'j', 'r');
  await page.keyboard.type('Too generic: say which status values exist');
  await keys('Enter', 'j', 'j');
  await page.click('#banner-close');

  mkdirSync(outDir, { recursive: true });
  await page.screenshot({ path: path.join(outDir, 'list.png') });
  await page.fill('#search', 'customer');
  await page.waitForTimeout(100);
  await page.locator('.item-row').nth(2).click();
  await page.screenshot({ path: path.join(outDir, 'proposal.png') });
  await page.click('#tab-dashboard');
  await page.waitForSelector('#dash-bars .bar-row');
  await page.screenshot({ path: path.join(outDir, 'dashboard.png') });
  console.log(`screenshots in ${outDir}`);
} finally {
  await browser?.close();
  server?.child.kill('SIGTERM');
  await llm.close();
  rmSync(work, { recursive: true, force: true });
}
