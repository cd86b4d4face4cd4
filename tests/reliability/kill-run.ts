/** Runs the built CLI as a child process and SIGKILLs it on a trigger. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/run-cli.js';

export const CLI_BIN = path.join(REPO_ROOT, 'bin/osmosis-ts.js');
export const CLI_BUILT = existsSync(path.join(REPO_ROOT, 'dist/cli/main.js'));

/** Seeded PRNG (mulberry32): the same seed gives the same kill points on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ChildRun {
  /** Kill the child now (no-op once it has exited). */
  kill: () => void;
  /** Resolves when the child has exited: its code (null when killed) and output. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Called with each stderr chunk. */
  onStderr: (listener: (text: string) => void) => void;
}

export function startCli(args: string[], cwd: string, env: Record<string, string>): ChildRun {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners: ((t: string) => void)[] = [];
  child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    const t = d.toString();
    stderr += t;
    for (const l of listeners) l(t);
  });
  let exited = false;
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => {
      exited = true;
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    kill: () => {
      if (!exited && child.exitCode === null) child.kill('SIGKILL');
    },
    done,
    onStderr: (l) => void listeners.push(l),
  };
}
