import { runShellCommand, type ShellCommandResult } from './run-shell-command.js';

export type DbtParseResult = ShellCommandResult;

/**
 * Runs `dbt parse` (or the configured command, e.g. `uv run dbt parse`) in the project folder so
 * target/manifest.json matches the files; `args` (e.g. `--target dev`) are appended.
 */
export function runDbtParse(options: { command?: string; projectDir: string; args?: readonly string[] }): Promise<DbtParseResult> {
  return runShellCommand({ command: options.command ?? 'dbt parse', cwd: options.projectDir, ...(options.args ? { args: options.args } : {}) });
}
