import type { Terminal } from './terminal.js';

/** What a command may touch of the outside world; `main` fills it from the process, tests pass their own. */
export interface CliIo {
  term: Terminal;
  env: Record<string, string | undefined>;
  cwd: string;
  homedir: string;
}
