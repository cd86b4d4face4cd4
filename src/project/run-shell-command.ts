import { spawn } from 'node:child_process';

export interface ShellCommandResult {
  ok: boolean;
  /** stdout and stderr, interleaved as they came. */
  output: string;
}

/**
 * Runs a command line the user gave (a flag or their config, never project content) through
 * `sh`, with `args` appended as separate words: no quoting of paths or values can go wrong.
 */
export function runShellCommand(options: { command: string; cwd: string; args?: readonly string[] }): Promise<ShellCommandResult> {
  const { command } = options;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const child = spawn('sh', ['-c', `${command} "$@"`, 'osmosis-ts', ...(options.args ?? [])], {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => {
      resolve({ ok: false, output: `${Buffer.concat(chunks).toString('utf8')}${error.message}\n` });
    });
    child.on('close', (code, signal) => {
      const output = Buffer.concat(chunks).toString('utf8');
      const reason = signal === null ? '' : `${command} was stopped by ${signal}\n`;
      resolve({ ok: code === 0, output: output + reason });
    });
  });
}
