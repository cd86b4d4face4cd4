/**
 * Runs `yaml document` on a temp copy of every project of ../shared/corpus: the run succeeds, a
 * second run is clean, every YAML file still parses, no comment or doc() reference is lost, and
 * the descriptions written are the ones an independent reading of the spec gives (oracle.ts).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { documentProject } from '../../src/document-project.js';
import type { DocumentOptions } from '../../src/config/types.js';
import { documentOptions } from '../helpers/document-options.js';
import { CORPUS_DIR, corpusProjects } from './corpus-projects.js';
import { expectedDescriptions, readYamlDocs, yamlFilesUnder } from './oracle.js';

const projects = corpusProjects();
const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

function optionsFor(repo: string, p: (typeof projects)[number]): DocumentOptions {
  return documentOptions(path.join(repo, p.projectSubdir), {
    // The oracle reads docs/inheritance.md (name matching); lineage has its own hand-written
    // oracle in corpus-lineage.test.ts.
    lineage: false,
    manifestPath: path.join(repo, p.manifest),
    ...(p.catalog ? { catalogPath: path.join(repo, p.catalog) } : {}),
  });
}

const commentLines = (text: string) => text.split(/\r?\n/).filter((l) => /^\s*#/.test(l)).map((l) => l.trim());
const docRefs = (text: string) => (text.match(/doc\(\s*['"][^'"]+['"]\s*\)/g) ?? []).length;

describe.skipIf(projects.length === 0)('corpus', () => {
  for (const p of projects) {
    it(`${p.name}: documents, is idempotent, keeps comments and doc() refs, and matches the oracle`, async () => {
      const temp = mkdtempSync(path.join(tmpdir(), `osmosis-corpus-${p.name}-`));
      temps.push(temp);
      const repo = path.join(temp, 'repo');
      cpSync(path.join(CORPUS_DIR, p.name, 'repo'), repo, { recursive: true });
      const projectDir = path.join(repo, p.projectSubdir);
      const before = new Map(yamlFilesUnder(projectDir).map((f) => [f, readFileSync(f, 'utf8')]));
      const manifest = JSON.parse(readFileSync(path.join(repo, p.manifest), 'utf8'));
      const catalog = p.catalog ? JSON.parse(readFileSync(path.join(repo, p.catalog), 'utf8')) : undefined;
      const packageDirs = Object.fromEntries(Object.entries(p.packages).map(([k, v]) => [k, path.join(repo, v)]));
      const expected = expectedDescriptions({ manifest, catalog, packageDirs, writable: p.writable });

      const first = await documentProject(optionsFor(repo, p));
      expect(first.failures).toEqual([]);
      const second = await documentProject(optionsFor(repo, p));
      expect(second.changedFiles, 'a second run changes nothing').toEqual([]);

      for (const file of yamlFilesUnder(projectDir)) {
        const text = readFileSync(file, 'utf8');
        expect(() => parse(text), `${file} parses`).not.toThrow();
        const old = before.get(file);
        if (old === undefined) continue;
        const kept = new Set(commentLines(text));
        for (const c of commentLines(old)) expect(kept.has(c), `comment kept in ${file}: ${c}`).toBe(true);
        expect(docRefs(text), `doc() refs kept in ${file}`).toBeGreaterThanOrEqual(docRefs(old));
      }

      const after = readYamlDocs(projectDir);
      let checked = 0;
      for (const [id, columns] of expected) {
        const n = manifest.nodes?.[id] ?? manifest.sources?.[id];
        const section = n.resource_type === 'source' ? 'sources' : `${n.resource_type}s`;
        const written = after.get(`${section}|${n.resource_type === 'source' ? n.source_name : ''}|${String(n.name).toLowerCase()}`);
        if (!written) {
          expect(n.resource_type, `${id} has a YAML entry after the run`).not.toBe('model');
          continue;
        }
        for (const [col, description] of columns) {
          const got = written.get(col);
          expect(got, `${id}.${col} is in the YAML after the run`).toBeDefined();
          expect(got?.description, `${id}.${col}`).toBe(description);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
      // eslint-disable-next-line no-console
      console.log(`${p.name}: ${first.changedFiles.length} files, ${first.columnsInherited} inherited, ${first.columnsAdded} added, ${checked} columns checked against the oracle`);
    });
  }
});
