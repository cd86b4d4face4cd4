import { OsmosisError } from '../errors.js';
import { SECRET_VARIABLES } from '../llm/provider-env.js';
import { LlmError } from '../llm/types.js';
import { redactSecrets } from '../llm/redact.js';
import { describeMissingDependency } from './missing-dependency.js';
import { paint, type Terminal } from './terminal.js';

/** The secret values in the environment, so no message can carry one. */
function secretsOf(env: Record<string, string | undefined>): string[] {
  return SECRET_VARIABLES.map((v) => env[v]).filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/**
 * `io-eacces` for a failed system call (a file that cannot be written, a full disk): the user's
 * machine, not a bug, and Node's message already names the file. Undefined for anything else.
 */
function systemErrorCode(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const { code, syscall } = err as NodeJS.ErrnoException;
  return typeof code === 'string' && typeof syscall === 'string' && /^E[A-Z]+$/.test(code) ? `io-${code.toLowerCase()}` : undefined;
}

/**
 * Prints an error that ended a command and returns the exit code. An `OsmosisError` brings its
 * own code, exit code and message; a missing optional package and a failed system call are the
 * user's to fix too. Only what is left is called a bug, with its stack. With `json`, stdout also
 * gets one JSON document `{ error: { code, message }, exitCode }`.
 */
export async function reportFailure(err: unknown, io: { term: Terminal; env: Record<string, string | undefined> }, json: boolean): Promise<number> {
  const { term } = io;
  const secrets = secretsOf(io.env);
  const message = redactSecrets(err instanceof Error ? err.message : String(err), secrets);
  const missing = describeMissingDependency(err);
  const system = systemErrorCode(err);
  const exitCode = err instanceof OsmosisError ? err.exitCode : 2;
  if (json) {
    const code = err instanceof OsmosisError ? err.code : missing !== undefined ? 'dependency-missing' : (system ?? 'internal');
    term.out(`${JSON.stringify({ error: { code, message }, exitCode }, null, 2)}\n`);
  }
  if (missing !== undefined) {
    term.err(`${paint(term, 'red', 'error:')} ${missing}\n`);
    return 2;
  }
  if (err instanceof LlmError) {
    const { llmErrorAdvice } = await import('./llm-error-advice.js');
    term.err(`${paint(term, 'red', 'error:')} ${message}\n${llmErrorAdvice(err)}\n`);
    return exitCode;
  }
  if (err instanceof OsmosisError || system !== undefined) {
    term.err(`${paint(term, 'red', 'error:')} ${message}\n`);
    return exitCode;
  }
  const stack = err instanceof Error && err.stack ? redactSecrets(err.stack, secrets) : message;
  term.err(`${paint(term, 'red', 'internal error:')} ${stack}\nThis is a bug in osmosis-ts: please report it with the command you ran.\n`);
  return 2;
}
