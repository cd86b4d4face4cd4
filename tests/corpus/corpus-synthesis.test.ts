/**
 * `documentProject` with synthesis on a temp copy of every project of ../shared/corpus, against the
 * fake LLM server (instant answers): nothing is left undocumented among the writable nodes, and the
 * calls made stay within the upstream-first plan that synthesis-plan.ts computes on its own. Writes
 * docs/synthesis-calls.md (counts only, so the file is the same on every run).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { documentProject } from '../../src/document-project.js';
import type { DocumentOptions, SynthesisOptions } from '../../src/config/types.js';
import { documentOptions } from '../helpers/document-options.js';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { FAKE_AWS_ENV, fakeLlmSettings } from '../helpers/fake-llm-settings.js';
import type { ProviderName } from '../../src/llm/types.js';
import { CORPUS_DIR, corpusProjects, type CorpusProject } from './corpus-projects.js';
import { dbtOsmosisEstimate, isWritten, readCorpusDocs, upstreamFirstPlan, type CorpusDocs } from './synthesis-plan.js';
import { synthesisCallsMarkdown, type SynthesisCallsRow } from './synthesis-calls-doc.js';

const projects = corpusProjects();
const DOC_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/synthesis-calls.md');
const temps: string[] = [];
const rows = new Map<string, SynthesisCallsRow>();
let server: FakeLlmServer;

beforeAll(async () => {
  server = await startFakeLlmServer();
  // Bedrock's credentials come from the AWS default chain, which reads the process environment.
  for (const [name, value] of Object.entries(FAKE_AWS_ENV)) vi.stubEnv(name, value);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  temps.forEach((t) => rmSync(t, { recursive: true, force: true }));
  // Only a full run writes the file, so `-t one-project` cannot leave it half empty.
  if (projects.length > 0 && rows.size === projects.length) {
    mkdirSync(path.dirname(DOC_FILE), { recursive: true });
    writeFileSync(DOC_FILE, synthesisCallsMarkdown(projects.map((p) => rows.get(p.name) as SynthesisCallsRow)));
  }
});

/** Every provider with its own wire format passes the same test (OpenAI stands for its family). */
const PROVIDERS: readonly ProviderName[] = ['openai', 'bedrock'];

function synthesisOptions(bulkThreshold: number, provider: ProviderName): SynthesisOptions {
  return {
    llm: fakeLlmSettings(server, provider),
    llmDryRun: false,
    concurrency: 8,
    bulkThreshold,
    maxRepairs: 2,
    priceOverrides: {},
    maxSqlTokens: 3000,
    maxUpstreamTokens: 2000,
    maxOutputTokensPerColumn: 200,
  };
}

function optionsFor(repo: string, p: CorpusProject, bulkThreshold: number, provider: ProviderName): DocumentOptions {
  return documentOptions(path.join(repo, p.projectSubdir), {
    // synthesis-plan.ts plans with name matching (docs/inheritance.md); lineage changes which
    // columns are left for synthesis, and its savings are measured in docs/lineage.md.
    lineage: false,
    manifestPath: path.join(repo, p.manifest),
    ...(p.catalog ? { catalogPath: path.join(repo, p.catalog) } : {}),
    synthesize: true,
    synthesis: synthesisOptions(bulkThreshold, provider),
  });
}

/** A fresh temp copy of the project's repo and the documentation read from it. */
function copyOf(p: CorpusProject, tag: string): { repo: string; docs: CorpusDocs; read: () => CorpusDocs } {
  const temp = mkdtempSync(path.join(tmpdir(), `osmosis-corpus-synth-${p.name}-${tag}-`));
  temps.push(temp);
  const repo = path.join(temp, 'repo');
  cpSync(path.join(CORPUS_DIR, p.name, 'repo'), repo, { recursive: true });
  const manifest = JSON.parse(readFileSync(path.join(repo, p.manifest), 'utf8'));
  const catalog = p.catalog ? JSON.parse(readFileSync(path.join(repo, p.catalog), 'utf8')) : undefined;
  const packageDirs = Object.fromEntries(Object.entries(p.packages).map(([k, v]) => [k, path.join(repo, v)]));
  const read = () => readCorpusDocs({ manifest, catalog, packageDirs, writable: p.writable });
  return { repo, docs: read(), read };
}

/** Written nodes (as read back from the YAML) whose description or some column is not real. */
function undocumented(docs: CorpusDocs): string[] {
  const out: string[] = [];
  for (const id of docs.order) {
    const n = docs.nodes.get(id)!;
    if (!isWritten(n)) continue;
    if (!n.described) out.push(`${id} (description)`);
    for (const [column, documented] of n.columns) if (!documented) out.push(`${id}.${column}`);
  }
  return out;
}

async function runOnce(p: CorpusProject, threshold: number, provider: ProviderName): Promise<{ calls: number; before: CorpusDocs }> {
  const { repo, docs, read } = copyOf(p, `${provider}-t${threshold}`);
  server.reset();
  const report = await documentProject(optionsFor(repo, p, threshold, provider));
  expect(report.failures, `${p.name} threshold ${threshold}: failures`).toEqual([]);
  expect(report.llm.calls, 'the report counts the calls the server received').toBe(server.requests.length);
  expect(server.requests.every((r) => r.status === 200), 'every request answered 200').toBe(true);
  expect(server.counts()[provider === 'bedrock' ? 'bedrock' : 'openai'], `every request spoke ${provider}'s wire format`).toBe(server.requests.length);
  expect(undocumented(read()), `${p.name} threshold ${threshold}: left undocumented`).toEqual([]);
  return { calls: server.requests.length, before: docs };
}

describe.skipIf(projects.length === 0)('corpus synthesis (fake LLM server)', () => {
  for (const [p, provider] of projects.flatMap((project) => PROVIDERS.map((name) => [project, name] as const))) {
    it(`${p.name} (${provider}): documents every writable node within the upstream-first plan; threshold 0 = one call per node`, async () => {
      const atTen = await runOnce(p, 10, provider);
      const planTen = upstreamFirstPlan(atTen.before, 10);
      expect(atTen.calls, `${p.name}: calls at threshold 10 vs the plan`).toBeLessThanOrEqual(planTen.calls);

      const atZero = await runOnce(p, 0, provider);
      const planZero = upstreamFirstPlan(atZero.before, 0);
      expect(atZero.calls, `${p.name}: one call per node that needs anything`).toBe(planZero.needs.size);
      expect(planZero.needs.size, 'which nodes need a call does not depend on the threshold').toBe(planTen.needs.size);

      const notWritten = [...atTen.before.nodes.values()].filter((n) => n.writable && !isWritten(n));
      expect(notWritten.map((n) => n.id), 'every writable node gets written').toEqual([]);

      if (provider !== 'openai') return;
      const osmosis = dbtOsmosisEstimate(atTen.before);
      rows.set(p.name, {
        project: p.name,
        nodesNeeding: planTen.needs.size,
        callsAtTen: atTen.calls,
        plannedAtTen: planTen.calls,
        callsAtZero: atZero.calls,
        dbtOsmosis: osmosis.calls,
        dbtOsmosisNodes: osmosis.needs.size,
        notWritten: notWritten.length,
      });
    });
  }
});
