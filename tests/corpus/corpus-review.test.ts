/**
 * The review round trip on every project of ../shared/corpus (skipped without it): a `--review`
 * run, every proposal approved, `apply` — the YAML ends byte-identical to a direct `--synthesize`
 * run with the same cached answers. (The same check runs on the bundled demo project in
 * tests/review/round-trip.test.ts, so it also runs on a bare clone.)
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentProject } from '../../src/document-project.js';
import type { DocumentOptions } from '../../src/config/types.js';
import { openReviewStore } from '../../src/review/open-review-store.js';
import { documentOptions } from '../helpers/document-options.js';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { fakeSynthesisOptions } from '../helpers/fake-llm-settings.js';
import { yamlFiles } from '../review/yaml-files.js';
import { CORPUS_DIR, corpusProjects, type CorpusProject } from './corpus-projects.js';

const projects = corpusProjects();
if (projects.length === 0) console.warn(`corpus review round trip skipped: ${CORPUS_DIR} is absent`);
const temps: string[] = [];
let server: FakeLlmServer;

beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(async () => {
  await server?.close();
  temps.forEach((t) => rmSync(t, { recursive: true, force: true }));
});

function optionsFor(repo: string, p: CorpusProject, cachePath: string): DocumentOptions {
  return documentOptions(path.join(repo, p.projectSubdir), {
    manifestPath: path.join(repo, p.manifest),
    ...(p.catalog ? { catalogPath: path.join(repo, p.catalog) } : {}),
    synthesize: true,
    synthesis: fakeSynthesisOptions(server, 'openai', { cachePath }),
  });
}

function copyRepo(p: CorpusProject, temp: string, tag: string): string {
  const repo = path.join(temp, tag);
  cpSync(path.join(CORPUS_DIR, p.name, 'repo'), repo, { recursive: true });
  return repo;
}

describe.skipIf(projects.length === 0)('corpus review round trip (fake LLM server)', () => {
  for (const p of projects) {
    it(`${p.name}: --review, approve all, apply == direct --synthesize`, async () => {
      const temp = mkdtempSync(path.join(tmpdir(), `osmosis-corpus-review-${p.name}-`));
      temps.push(temp);
      const cachePath = path.join(temp, 'cache.sqlite');
      const direct = copyRepo(p, temp, 'direct');
      const reviewed = copyRepo(p, temp, 'reviewed');
      const directReport = await documentProject(optionsFor(direct, p, cachePath));
      expect(directReport.failures).toEqual([]);
      const calls = server.requests.length;

      const options = { ...optionsFor(reviewed, p, cachePath), review: true };
      const report = await documentProject(options, { reviewer: 'Corpus Test' });
      expect(server.requests.length, 'the review run is served from the cache').toBe(calls);
      // One proposal per synthesized text; the columns inheriting it are listed in it, not counted.
      expect(report.proposals?.created ?? 0).toBe(report.columnsSynthesized + report.modelDescriptionsSynthesized);

      const store = await openReviewStore({ projectDir: options.projectDir, manifestPath: options.manifestPath!, ...(options.catalogPath ? { catalogPath: options.catalogPath } : {}) });
      const { proposals, diagnostics } = await store.list();
      expect(diagnostics).toEqual([]);
      expect(proposals).toHaveLength(report.proposals?.created ?? 0);
      const acted = await store.act({ actor: 'Corpus Test', action: 'approve', items: proposals.map((x) => ({ id: x.id, revision: x.revision })) });
      expect(acted.conflicts).toEqual([]);
      const applied = await store.apply({ actor: 'Corpus Test', dryRun: false });
      expect(applied.stale).toEqual([]);
      expect(applied.applied).toHaveLength(proposals.length);

      const inheriting = proposals.reduce((n, x) => n + x.inheritedBy.length, 0);
      console.log(`${p.name}: ${proposals.length} proposals (${inheriting} inheriting columns listed in them), ${applied.changedFiles.length} files written by apply`);
      const want = yamlFiles(direct);
      const got = yamlFiles(reviewed);
      const differing = [...want].filter(([file, text]) => got.get(file) !== text).map(([file]) => file);
      expect(differing, `${p.name}: files that differ from the direct run`).toEqual([]);
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    }, 300_000);
  }
});
