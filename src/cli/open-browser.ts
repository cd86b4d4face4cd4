import { spawn } from 'node:child_process';

/**
 * Starts the system's browser on `url` without waiting for it. Resolves to an error message when
 * no browser could be started (no xdg-open on a server, say), for the caller to print: the URL
 * is printed anyway, so this never stops the review.
 */
export function openBrowser(url: string, platform: NodeJS.Platform): Promise<string | undefined> {
  const [command, args] =
    platform === 'darwin' ? ['open', [url]] : platform === 'win32' ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]] : ['xdg-open', [url]];
  return new Promise((resolve) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.once('error', (error) => resolve(`could not start a browser (${command}: ${error.message})`));
    child.once('spawn', () => {
      child.unref();
      resolve(undefined);
    });
  });
}
