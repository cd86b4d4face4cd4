/** Runs the CLI in-process with a captured terminal, and copies fixture projects to temp dirs. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], opts: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'osmosis-ts', ...args], {
    term: { out: (t) => void (stdout += t), err: (t) => void (stderr += t), isTTY: false, color: false },
    env: { HOME: opts.cwd, XDG_CACHE_HOME: path.join(opts.cwd, '.cache'), ...(opts.env ?? {}) },
    cwd: opts.cwd,
    homedir: opts.cwd,
  });
  return { code, stdout, stderr };
}

const temps: string[] = [];

/** A fresh copy of `fixtures/<name>` or `examples/<name>` in a temp dir; removed by `cleanTemps`. */
export function copyProject(relative: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'osmosis-test-'));
  temps.push(dir);
  const target = path.join(dir, path.basename(relative));
  cpSync(path.join(REPO_ROOT, relative), target, { recursive: true });
  return target;
}

export function cleanTemps(): void {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
}
