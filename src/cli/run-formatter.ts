import path from 'node:path';
import { runShellCommand, type ShellCommandResult } from '../project/run-shell-command.js';

/**
 * dbt-osmosis's `--formatter CMD`: runs the command once on the files written, their absolute
 * paths appended (`prettier --write a.yml b.yml`), from the project folder.
 */
export function runFormatter(command: string, projectDir: string, files: readonly string[]): Promise<ShellCommandResult> {
  return runShellCommand({ command, cwd: projectDir, args: files.map((f) => path.join(projectDir, f)) });
}
