import { spawn } from 'node:child_process';
import type { SampleCommandSettings } from '../enrich/enrich-settings.js';

/* A sample is a handful of rows; more output than this is a command printing something else. */
const MAX_OUTPUT_BYTES = 1024 * 1024;

/** `'text'` for `sh`: a node name can never end the quoting or start a command. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The command line with `{node}` and `{n}` replaced by quoted values. */
export function sampleCommandLine(command: string, node: string, rows: number): string {
  return command.replace(/\{node\}/g, shellQuote(node)).replace(/\{n\}/g, String(Math.trunc(rows)));
}

/**
 * Runs `--llm-sample-command` for one node. Never throws: a failure, a timeout or oversized
 * output comes back as `problem`, and costs the node its sample only.
 */
export function runSampleCommand(settings: SampleCommandSettings, node: string, rows: number, cwd: string): Promise<{ stdout?: string; problem?: string }> {
  const line = sampleCommandLine(settings.command, node, rows);
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let problem: string | undefined;
    // Its own process group, so a timeout also ends what the shell started (dbt and its children).
    const child = spawn('sh', ['-c', line], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const kill = (why: string): void => {
      problem ??= why;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone: nothing to stop.
      }
    };
    const timer = setTimeout(() => kill(`timed out after ${settings.timeoutSeconds}s (--llm-sample-timeout)`), settings.timeoutSeconds * 1000);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) kill(`printed more than ${MAX_OUTPUT_BYTES} bytes`);
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 64) err.push(chunk);
    });
    child.on('error', (error) => kill(error.message));
    child.on('close', (code) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-3).join(' ');
      if (problem === undefined && code !== 0) problem = `exited with code ${String(code)}${stderr === '' ? '' : `: ${stderr}`}`;
      resolve(problem === undefined ? { stdout: Buffer.concat(out).toString('utf8') } : { problem: `\`${line}\` ${problem}` });
    });
  });
}
