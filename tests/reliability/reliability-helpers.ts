/**
 * Shared pieces of the reliability suite: a temp copy of a small corpus project, tree hashes,
 * YAML snapshots, the CLI arguments and environment for a fake LLM server, and the collector of
 * the rows that become docs/reliability.md.
 */
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { CORPUS_DIR, corpusProjects, type CorpusProject } from '../corpus/corpus-projects.js';
import type { FakeLlmServer, RecordedRequest } from '../helpers/fake-llm-server.js';
import { FAKE_API_KEY } from '../helpers/fake-llm-settings.js';

/** The corpus project the fault and kill rows run on: 101 models, 8 LLM calls when healthy. */
export const CORPUS_NAME = 'fivetran-netsuite-v11';

const temps: string[] = [];
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `osmosis-rel-${prefix}-`));
  temps.push(dir);
  return dir;
}
export function cleanReliabilityTemps(): void {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
}

export interface CorpusCopy {
  root: string;
  projectDir: string;
  cachePath: string;
  /** `yaml document` arguments pointing at this copy (project, manifest, catalog, cache). */
  args: string[];
}

export function corpusProject(): CorpusProject | undefined {
  return corpusProjects().find((p) => p.name === CORPUS_NAME);
}

export function copyCorpus(p: CorpusProject): CorpusCopy {
  const root = tempDir('corpus');
  const repo = path.join(root, 'repo');
  cpSync(path.join(CORPUS_DIR, p.name, 'repo'), repo, { recursive: true });
  const projectDir = path.join(repo, p.projectSubdir);
  const cachePath = path.join(root, 'cache', 'llm-cache.sqlite');
  const args = [
    'yaml', 'document', '--format', 'json',
    '--project-dir', projectDir,
    '--manifest-path', path.join(repo, p.manifest),
    ...(p.catalog ? ['--catalog-path', path.join(repo, p.catalog)] : []),
    '--llm-cache-path', cachePath,
  ];
  return { root, projectDir, cachePath, args };
}

export function openaiEnv(server: Pick<FakeLlmServer, 'openaiBaseUrl'>, home: string): Record<string, string> {
  return { LLM_PROVIDER: 'openai', OPENAI_API_KEY: FAKE_API_KEY, OPENAI_BASE_URL: server.openaiBaseUrl, OPENAI_MODEL: 'gpt-4o-mini', HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') };
}

/** Every file under `dir` (relative path → sha256 of its bytes, or of a symlink's target text). */
export function treeHashes(dir: string, skip: (rel: string) => boolean = () => false): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      const rel = path.relative(dir, abs).split(path.sep).join('/');
      if (skip(rel)) continue;
      const st = lstatSync(abs);
      if (st.isSymbolicLink()) out.set(rel, `link:${readlinkSync(abs)}`);
      else if (st.isDirectory()) walk(abs);
      else out.set(rel, createHash('sha256').update(readFileSync(abs)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

export function treeHash(dir: string, skip?: (rel: string) => boolean): string {
  const h = createHash('sha256');
  for (const [rel, digest] of [...treeHashes(dir, skip)].sort(([a], [b]) => (a < b ? -1 : 1))) h.update(`${rel}\0${digest}\n`);
  return h.digest('hex');
}

/** Files whose hash differs between two tree snapshots (added, removed or changed). */
export function changedBetween(a: Map<string, string>, b: Map<string, string>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k) !== b.get(k)).sort();
}

export const isYaml = (rel: string): boolean => /\.ya?ml$/.test(rel);

/** YAML files under dir → text. */
export function yamlTexts(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of treeHashes(dir, (r) => r.startsWith('target/') || r.startsWith('dbt_packages/')).keys()) {
    if (isYaml(rel)) out.set(rel, readFileSync(path.join(dir, rel), 'utf8'));
  }
  return out;
}

/** YAML files that do not parse cleanly (errors from the `yaml` parser), with the first error. */
export function unparseable(dir: string): string[] {
  const bad: string[] = [];
  for (const [rel, text] of yamlTexts(dir)) {
    const doc = parseDocument(text, { uniqueKeys: false });
    if (doc.errors.length > 0) bad.push(`${rel}: ${doc.errors[0]?.message}`);
  }
  return bad;
}

/** The node a request is about (`dbt model "name"` in the prompt). */
export function requestNode(r: RecordedRequest): string {
  return /dbt \w+ "([^"]+)"/.exec(r.prompt)?.[1] ?? '?';
}

/** String values of an answer's asked-for properties (the schema's required ones). */
export function askedAnswerTexts(r: RecordedRequest): string[] {
  const schema = r.schema as { required?: string[]; properties?: Record<string, any> } | undefined;
  const answer = r.answer as Record<string, unknown> | undefined;
  if (!schema || !answer) return [];
  const out: string[] = [];
  for (const key of schema.required ?? []) {
    const v = answer[key];
    if (typeof v === 'string') out.push(v);
    else if (key === 'columns' && v && typeof v === 'object') {
      const asked: string[] = schema.properties?.['columns']?.required ?? [];
      for (const c of asked) {
        const t = (v as Record<string, unknown>)[c];
        if (typeof t === 'string') out.push(t);
      }
    }
  }
  return out;
}

/** Every description string in the YAML files under dir. */
export function descriptionsIn(dir: string): Set<string> {
  const out = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'description' && typeof x === 'string') out.add(x.trim());
        visit(x);
      }
    }
  };
  for (const text of yamlTexts(dir).values()) visit(parseDocument(text).toJS());
  return out;
}

// ---------------------------------------------------------------- the collector

export interface Section {
  title: string;
  intro: string;
  columns: string[];
  rows: (string | number)[][];
}

/** Sections in the order they are declared; rows appended by the tests, written once by afterAll. */
export class ReliabilityReport {
  private readonly sections = new Map<string, Section>();

  section(key: string, title: string, intro: string, columns: string[]): void {
    if (!this.sections.has(key)) this.sections.set(key, { title, intro, columns, rows: [] });
  }

  row(key: string, cells: (string | number)[]): void {
    this.sections.get(key)?.rows.push(cells);
  }

  render(header: string): string {
    const esc = (c: string | number) => String(c).replace(/\|/g, '\\|').replace(/\n/g, ' ');
    const parts = [header];
    for (const s of this.sections.values()) {
      parts.push(`## ${s.title}\n\n${s.intro}\n`);
      parts.push(`| ${s.columns.join(' | ')} |\n|${s.columns.map(() => '---').join('|')}|\n${s.rows.map((r) => `| ${r.map(esc).join(' | ')} |`).join('\n')}\n`);
    }
    return `${parts.join('\n')}`;
  }
}

/** Parsed YAML of each file with every non-empty description replaced by a marker. */
export function maskDescriptions(files: Map<string, string>): Record<string, unknown> {
  const mask = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(mask);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'description' && typeof x === 'string' && x.trim() !== '' ? '<described>' : mask(x)]));
    }
    return v;
  };
  return Object.fromEntries([...files].map(([f, t]) => [f, mask(parseDocument(t).toJS())]));
}
