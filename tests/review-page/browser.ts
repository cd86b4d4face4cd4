/**
 * Debian's chromium for the review page's tests. Without it the browser tests are skipped with a
 * reason locally, and fail in CI (`CI` set), where .ci/run installs it.
 */
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from '../../bench/chromium.mjs';

export { launchChromium } from '../../bench/chromium.mjs';

export const BROWSER_SKIP: string | undefined = existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} is not installed (apt-get install chromium)`;

if (BROWSER_SKIP !== undefined && process.env['CI']) {
  throw new Error(`browser tests cannot run in CI: ${BROWSER_SKIP}; .ci/run installs it`);
}
if (BROWSER_SKIP !== undefined) console.warn(`[review page tests skipped: ${BROWSER_SKIP}]`);
