import { spawn } from 'node:child_process';

export interface DbtParseResult {
  ok: boolean;
  /** stdout and stderr, interleaved as they came. */
  output: string;
}

/**
 * Runs `dbt parse` (or the configured command, e.g. `uv run dbt parse --target dev`) in the project
 * folder so target/manifest.json matches the files. A shell runs the command string, so users can
 * give any command line; it comes from their own flags or config, never from project content.
 */
export function runDbtParse(options: { command?: string; projectDir: string }): Promise<DbtParseResult> {
  const command = options.command ?? 'dbt parse';
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const child = spawn(command, {
      cwd: options.projectDir,
      shell: true,
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
