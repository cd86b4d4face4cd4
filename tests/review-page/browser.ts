/**
 * Debian's chromium, driven by playwright-core. Without it the browser tests are skipped with a
 * reason locally, and fail in CI (`CI` set), where .ci/run installs it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const BROWSER_SKIP: string | undefined = existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} is not installed (apt-get install chromium)`;

if (BROWSER_SKIP !== undefined && process.env['CI']) {
  throw new Error(`browser tests cannot run in CI: ${BROWSER_SKIP}; .ci/run installs it`);
}
if (BROWSER_SKIP !== undefined) console.warn(`[review page tests skipped: ${BROWSER_SKIP}]`);

/** The flags chromium needs in a container and to stay off the network. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}
