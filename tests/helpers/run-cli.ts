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

/**
 * The demo project: `fixtures/jaffle` (dbt-osmosis's jaffle shop as committed) with the files of
 * `examples/jaffle_shop` on top (documented seeds and a catalog), copied into `dir`.
 */
export function copyExampleInto(dir: string): string {
  cpSync(path.join(REPO_ROOT, 'fixtures/jaffle'), dir, { recursive: true });
  cpSync(path.join(REPO_ROOT, 'examples/jaffle_shop'), dir, { recursive: true });
  return dir;
}

/** A fresh copy of the demo project in a temp dir; removed by `cleanTemps`. */
export function copyExample(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'osmosis-test-'));
  temps.push(dir);
  return copyExampleInto(path.join(dir, 'jaffle_shop'));
}

export function cleanTemps(): void {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
}
