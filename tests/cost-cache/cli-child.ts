/**
 * Runs the built CLI (bin/osmosis-ts.js → dist/) as a child process against a fake LLM server in
 * this process, on temp copies of corpus projects or examples. `npm test` builds dist/ first.
 */
import { copyExampleInto } from '../helpers/run-cli.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/run-cli.js';
import type { FakeLlmServer } from '../helpers/fake-llm-server.js';
import { FAKE_API_KEY } from '../helpers/fake-llm-settings.js';
import { CORPUS_DIR, corpusProjects, type CorpusProject } from '../corpus/corpus-projects.js';

export const BIN = path.join(REPO_ROOT, 'bin/osmosis-ts.js');

const temps: string[] = [];

export function tempDir(prefix = 'osmosis-cost-cache-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export function cleanTempDirs(): void {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
}

export interface ProjectCopy {
  /** The writable project (holds dbt_project.yml). */
  projectDir: string;
  /** `--project-dir … --manifest-path … [--catalog-path …]`. */
  args: string[];
}

export function corpusProject(name: string): CorpusProject | undefined {
  return corpusProjects().find((p) => p.name === name);
}

/** A temp copy of corpus project `p` (inside `into` when given). */
export function copyCorpus(p: CorpusProject, into = tempDir()): ProjectCopy {
  const repo = path.join(into, 'repo');
  cpSync(path.join(CORPUS_DIR, p.name, 'repo'), repo, { recursive: true });
  const projectDir = path.join(repo, p.projectSubdir);
  return {
    projectDir,
    args: [
      '--project-dir', projectDir,
      '--manifest-path', path.join(repo, p.manifest),
      ...(p.catalog ? ['--catalog-path', path.join(repo, p.catalog)] : []),
    ],
  };
}

/** A temp copy of the demo project (fixtures/jaffle with examples/jaffle_shop on top). */
export function copyExample(into = tempDir()): ProjectCopy {
  const projectDir = copyExampleInto(path.join(into, 'jaffle_shop'));
  return { projectDir, args: ['--project-dir', projectDir] };
}

/** Environment for an OpenAI-style run against `server`; HOME/XDG point into `home`. */
export function fakeEnv(server: FakeLlmServer, home: string, model = 'gpt-4o-mini'): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    XDG_CACHE_HOME: path.join(home, '.cache'),
    NO_COLOR: '1',
    LLM_PROVIDER: 'openai',
    OPENAI_API_KEY: FAKE_API_KEY,
    OPENAI_BASE_URL: server.openaiBaseUrl,
    OPENAI_MODEL: model,
  };
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningChild {
  child: ChildProcess;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  done: Promise<ChildRun>;
}

export function startCli(args: string[], env: Record<string, string>, cwd: string): RunningChild {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => void (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => void (err += c.toString('utf8')));
  const done = new Promise<ChildRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err }));
  });
  return { child, stdout: () => out, stderr: () => err, done };
}

export function runCliChild(args: string[], env: Record<string, string>, cwd: string): Promise<ChildRun> {
  return startCli(args, env, cwd).done;
}

/** The JSON report of a `--format json` run. */
export function jsonReport(run: ChildRun): Record<string, any> {
  try {
    return JSON.parse(run.stdout) as Record<string, any>;
  } catch {
    throw new Error(`not a JSON report (exit ${run.code}):\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
  }
}

const SKIP = new Set(['target', 'dbt_packages', 'node_modules', 'logs', '.git', '.cache']);

/** Every .yml/.yaml file under `dir` → its text. */
export function yamlTexts(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP.has(e.name)) walk(p);
      } else if (/\.ya?ml$/.test(e.name)) out.set(path.relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** The request's identity for "asked again?": the exact body the SDK sent, minus nothing. */
export function requestIdentity(rawBody: string): string {
  const body = JSON.parse(rawBody) as Record<string, unknown>;
  return JSON.stringify({ messages: body['messages'], response_format: body['response_format'], model: body['model'] });
}
