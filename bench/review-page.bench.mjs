// The review page with 5,000 proposals in chromium (docs/review.md: usable within 1 s, filtering
// within 100 ms). The proposals are written to a real store (.osmosis/proposals.jsonl), served
// by the real server from dist/, and the page is driven by Debian's chromium (playwright-core).
//   node bench/review-page.bench.mjs            (after `npm run build`)
//   REVIEW_BENCH_PROPOSALS=20000                 another size
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_PATH, launchChromium } from './chromium.mjs';
import { runIfMain } from './standalone.mjs';

const USABLE_MS = 1000;
const FILTER_MS = 100;

/** `count` proposals over count/10 nodes in 25 folders, with realistic context sizes. */
export function writeProposals(projectDir, count) {
  const statuses = ['pending', 'pending', 'pending', 'approved', 'rejected', 'applied'];
  const lines = [];
  for (let i = 0; i < count; i++) {
    const n = Math.floor(i / 10);
    const folder = `models/area_${n % 25}`;
    const node = `model.bench.m${String(n).padStart(5, '0')}_orders`;
    const field = i % 10 === 0 ? 'description' : `columns.col_${i % 10}_amount.description`;
    const text = `The amount of order line ${i % 10} in cents, before discounts and tax, as reported by the payment provider ${n % 7}.`;
    lines.push(JSON.stringify({
      id: createHash('sha256').update(`${node}\u0000${field}\u0000${text}`).digest('hex'),
      node, path: `${folder}/schema.yml`, field, original: null, proposed: text, current: text, status: statuses[i % statuses.length], revision: 0,
      inheritedBy: i % 3 === 0 ? [{ node: `model.bench.m${n + 1}_orders`, column: `col_${i % 10}_amount` }] : [],
      generation: { provider: 'openai', model: 'gpt-4o-mini', promptSha256: 'f'.repeat(64), inputTokens: 900, outputTokens: 60, costUsd: 0.00017, cached: i % 4 === 0 },
      context: {
        sqlExcerpt: `with source as (\n  select * from {{ ref('stg_payments_${n % 7}') }}\n),\nrenamed as (\n  select order_id, ${Array.from({ length: 10 }, (_, c) => `col_${c}_amount`).join(', ')}\n  from source\n)\nselect * from renamed`,
        upstreamDocs: [{ node: `model.bench.stg_payments_${n % 7}`, column: `col_${i % 10}_amount`, text: 'Amount in cents.' }, { node: 'source.bench.raw.payments', text: 'Raw payments export.' }],
        dataType: 'NUMERIC(18,2)', resourceType: n % 9 === 0 ? 'seed' : 'model',
      },
      createdAt: '2026-11-27T09:00:00.000Z', createdBy: 'bench',
    }));
  }
  mkdirSync(join(projectDir, '.osmosis'), { recursive: true });
  writeFileSync(join(projectDir, '.osmosis/proposals.jsonl'), `${lines.join('\n')}\n`);
  writeFileSync(join(projectDir, 'dbt_project.yml'), 'name: bench\nversion: "1.0"\nconfig-version: 2\n');
}

/**
 * A fixed JS workload (200,000 small objects sorted and sent through JSON), timed in the page and
 * in node: on a shared machine it says how much CPU the browser actually got, so the page's
 * numbers can be read against it (run it once on an idle machine to know the unloaded time).
 */
function calibrate() {
  const start = performance.now();
  const rows = [];
  for (let i = 0; i < 200000; i++) rows.push({ s: `x${(i * 7919) % 200000}` });
  rows.sort((a, b) => (a.s < b.s ? -1 : 1));
  JSON.parse(JSON.stringify(rows));
  return performance.now() - start;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Sets a filter control inside the page and times it until the list is redrawn and painted. */
async function timeFilter(page, action) {
  return page.evaluate(async (a) => {
    const count = document.getElementById('match-count');
    const before = count.textContent;
    const start = performance.now();
    const changed = new Promise((resolve) => new MutationObserver((_, obs) => { obs.disconnect(); resolve(); }).observe(count, { childList: true, characterData: true, subtree: true }));
    if (a.kind === 'search') {
      const input = document.getElementById('search');
      input.value = a.value;
      input.dispatchEvent(new Event('input'));
    } else if (a.kind === 'status') {
      document.querySelector(`.chip[data-status="${a.value}"]`).click();
    } else {
      const select = document.getElementById('path-filter');
      select.value = a.value;
      select.dispatchEvent(new Event('change'));
    }
    // The count may stay the same (same number of matches); the list is redrawn either way.
    await Promise.race([changed, new Promise((r) => setTimeout(r, 500))]);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return { ms: performance.now() - start, before, after: count.textContent };
  }, action);
}

export async function run({ workDir, dist }) {
  const count = Number(process.env.REVIEW_BENCH_PROPOSALS ?? 5000);
  if (!existsSync(CHROMIUM_PATH)) return [{ name: 'review page', note: `${CHROMIUM_PATH} not installed: skipped` }];
  const serverModule = join(dirname(dist), 'review/server/start-review-server.js');
  if (!existsSync(serverModule)) return [{ name: 'review page', note: `${serverModule} not built` }];
  const { startReviewServer } = await import(pathToFileURL(serverModule).href);
  const { openReviewStore } = await import(pathToFileURL(join(dirname(dist), 'review/index.js')).href);
  const projectDir = join(workDir, 'review-bench');
  writeProposals(projectDir, count);
  const storeFiles = ['proposals.jsonl', 'audit.jsonl'].map((f) => join(projectDir, '.osmosis', f));
  const server = await startReviewServer({ store: await openReviewStore({ projectDir }), actor: 'bench', storeFiles });
  const browser = await launchChromium();
  try {
    const loads = [];
    let page;
    for (let i = 0; i < 3; i++) {
      page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const wall = performance.now();
      await page.goto(server.url);
      await page.waitForSelector('body[data-ready="true"]');
      const wallMs = performance.now() - wall;
      const usableMs = await page.evaluate(() => performance.getEntriesByName('review-ready')[0].startTime);
      const domRows = await page.locator('.row').count();
      loads.push({ usableMs, wallMs, domRows });
      if (i < 2) await page.close();
    }
    const searches = ['amount', 'provider 3', 'col_7', 'm00042', 'zzz-no-match', ''];
    const filters = [];
    for (const value of searches) filters.push({ what: `search "${value}"`, ...(await timeFilter(page, { kind: 'search', value })) });
    for (const value of ['pending', 'approved', '']) filters.push({ what: `status ${value || 'all'}`, ...(await timeFilter(page, { kind: 'status', value })) });
    for (const value of ['models/area_3/', 'models/area_3/schema.yml', '']) filters.push({ what: `path ${value || 'all'}`, ...(await timeFilter(page, { kind: 'path', value })) });
    const calibration = { browserMs: await page.evaluate(calibrate), nodeMs: calibrate(), loadAverage: loadavg()[0] };
    const best = loads.reduce((a, b) => (b.usableMs < a.usableMs ? b : a));
    const filterMs = filters.map((f) => f.ms);
    return [
      { name: 'review page: usable', proposals: count, 'usable ms (best of 3)': best.usableMs, 'usable ms (each)': loads.map((l) => l.usableMs.toFixed(0)).join(' / '), 'goto→ready wall ms': best.wallMs, 'rows in DOM': best.domRows, target: `≤ ${USABLE_MS}`, pass: best.usableMs <= USABLE_MS },
      { name: 'calibration (same JS workload)', 'chromium ms': calibration.browserMs, 'node ms': calibration.nodeMs, 'load average (1 min)': calibration.loadAverage, cpus: cpus().length },
      { name: 'review page: filter', proposals: count, 'median ms': median(filterMs), 'max ms': Math.max(...filterMs), filters: filters.length, slowest: filters.reduce((a, b) => (b.ms > a.ms ? b : a)).what, target: `≤ ${FILTER_MS}`, pass: Math.max(...filterMs) <= FILTER_MS },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

await runIfMain(import.meta.url, run, 'review-page');
