import { ConfigError } from '../config/errors.js';
import { readFlags, type RawFlags } from '../config/read-flags.js';
import { openReviewStore } from '../review/open-review-store.js';
import { resolveReviewer } from '../review/resolve-reviewer.js';
import { startReviewServer } from '../review/server/start-review-server.js';
import { storePaths } from '../review/store-paths.js';
import type { CliIo } from './cli-io.js';
import { openBrowser } from './open-browser.js';
import { reviewSetup } from './review-store-options.js';
import { paint } from './terminal.js';

type ServeFlags = RawFlags & { port?: string; host?: string; open?: boolean; reviewer?: string };

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port: expected a port number from 0 to 65535 (0: a free one), got '${value}'`);
  return port;
}

/** Resolves on the first Ctrl+C or SIGTERM: the server runs until the person stops it. */
function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * `osmosis-ts review`: serves the review page on a loopback address and prints its URL, with the
 * run's token; opens a browser unless --no-open. Every action on the page is recorded as the
 * reviewer resolved here (--reviewer, OSMOSIS_REVIEWER, git, the OS user).
 */
export async function runReviewServeCommand(flags: Record<string, unknown>, io: CliIo): Promise<number> {
  // The table's settings are checked by readFlags; port, host and open are this command's own.
  const f: ServeFlags = { ...(flags as Omit<ServeFlags, keyof RawFlags>), ...readFlags(flags) };
  const port = parsePort(f.port);
  const setup = reviewSetup(f, io);
  const store = await openReviewStore(setup.store);
  const actor = await resolveReviewer(f.reviewer, io.env, setup.projectDir);
  const files = storePaths(setup.projectDir);
  const server = await startReviewServer({ store, actor, host: f.host ?? '127.0.0.1', port, storeFiles: [files.proposals, files.audit] });
  io.term.out(
    `Reviewing ${setup.projectDir} as ${actor}\n` +
      `Open: ${server.url}\n` +
      'The token in this URL is the only key to the page: do not share it. Ctrl+C stops the server.\n',
  );
  if (f.open !== false) {
    const failure = await openBrowser(server.url, process.platform);
    if (failure !== undefined) io.term.err(`${paint(io.term, 'yellow', 'note:')} ${failure}; open the URL above yourself.\n`);
  }
  const signal = await untilStopped();
  await server.close();
  io.term.err(`Review server stopped (${signal}).\n`);
  return 0;
}
