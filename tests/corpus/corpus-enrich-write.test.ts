/**
 * The enrichment writer on every project of ../shared/corpus (skipped without it): enrichment for
 * every column of every entry (PII on name-like columns, `not_null` everywhere, `unique` on the
 * first column, the project's own tags, a purpose), planned and applied in memory. Every test,
 * tag and meta value a file had is kept, a second plan changes nothing, and every file the dbt
 * Core JSON schema accepted before it still accepts.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_ENRICH_KEYS, type ColumnEnrichment, type NodeEnrichment } from '../../src/enrich/types.js';
import { buildDocState } from '../../src/inheritance/build-doc-state.js';
import { planYamlEdits } from '../../src/edits/plan-yaml-edits.js';
import { loadProject, type LoadedProject } from '../../src/project/load-project.js';
import { applyYamlEdits } from '../../src/yaml/apply-edits.js';
import { YamlEditError } from '../../src/yaml/errors.js';
import { readSchemaFile } from '../../src/yaml/read-schema-file.js';
import type { SchemaFile, YamlEntry, YamlPath } from '../../src/yaml/types.js';
import { dbtSchemaErrors } from '../enrich/dbt-schema.js';
import { documentOptions } from '../helpers/document-options.js';
import { CORPUS_DIR, corpusProjects } from './corpus-projects.js';
import { nodeFileSystem } from '../../src/node-ports.js';

const projects = corpusProjects();
if (projects.length === 0) console.warn(`corpus enrichment writer skipped: ${CORPUS_DIR} is absent`);

const PII = /(^|_)(email|first_name|last_name|phone|ip_address|address)($|_)/i;
const samePath = (a: YamlPath, b: YamlPath): boolean => a.length === b.length && a.every((s, i) => s === b[i]);

function enrichmentsOf(project: LoadedProject): Map<string, NodeEnrichment> {
  const projectTags = [...new Set([...project.manifest.nodes.values()].flatMap((n) => n.tags))].slice(0, 2);
  const out = new Map<string, NodeEnrichment>();
  for (const [id, at] of project.entries) {
    if (project.manifest.nodes.get(id)?.packageName !== project.writablePackage) continue;
    const columns = new Map<string, ColumnEnrichment>();
    at.entry.columns.forEach((c, i) => {
      columns.set(c.name, {
        tests: i === 0 ? [{ kind: 'unique' }, { kind: 'not_null' }] : [{ kind: 'not_null' }],
        tags: [...c.tags, ...projectTags],
        ...(PII.test(c.name) ? { pii: { category: 'other' } } : {}),
      });
    });
    out.set(id, { nodeId: id, purpose: `What ${at.entry.name} is for.`, tags: projectTags, columns });
  }
  return out;
}

function planTexts(project: LoadedProject, files: ReadonlyMap<string, SchemaFile>, entries: ReadonlyMap<string, { file: string; entry: YamlEntry }>, enrichments: Map<string, NodeEnrichment>) {
  const state = buildDocState({ nodes: project.manifest.nodes, entries, writablePackage: project.writablePackage });
  const plans = planYamlEdits({
    docs: [...state.values()].filter((d) => d.entry && enrichments.has(d.node.uniqueId)),
    schemaFile: (file) => files.get(file),
    route: (node) => node.originalFilePath,
    projectCase: {},
    options: { skipAddColumns: true, skipAddDataTypes: true, addProgenitorToMeta: false },
    enrich: { byNode: enrichments, keys: DEFAULT_ENRICH_KEYS, ...(project.manifest.dbtVersion ? { dbtVersion: project.manifest.dbtVersion } : {}) },
  });
  const texts = new Map<string, string>();
  const refused: string[] = [];
  for (const plan of plans.values()) {
    const file = files.get(plan.path);
    if (!file || plan.edits.length === 0) continue;
    try {
      texts.set(plan.path, applyYamlEdits(file.text, plan.edits, file.document));
    } catch (err) {
      if (!(err instanceof YamlEditError)) throw err;
      refused.push(`${plan.path}: ${err.message}`);
    }
  }
  return { texts, refused };
}

type Mapping = Record<string, unknown>;
const asMap = (v: unknown): Mapping => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Mapping) : {});

/** Every test, tag and meta value of every entry and column is still there, in order. */
function expectKept(before: SchemaFile, after: SchemaFile): void {
  const doc = (f: SchemaFile) => parse(f.text) as unknown;
  const get = (root: unknown, p: YamlPath): Mapping => asMap(p.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], root));
  const [a, b] = [doc(before), doc(after)];
  const paths = before.entries.flatMap((e) => [e.path, ...e.columns.map((c) => c.path)]);
  for (const p of paths) {
    const [was, now] = [get(a, p), get(b, p)];
    for (const key of ['tests', 'data_tests', 'tags']) {
      const had = was[key];
      if (Array.isArray(had)) expect((now[key] as unknown[]).slice(0, had.length), `${before.path} ${p.join('.')}.${key}`).toEqual(had);
      else if (had !== undefined) expect(now[key], `${before.path} ${p.join('.')}.${key}`).toEqual(had);
    }
    for (const key of ['meta', 'config']) for (const [k, v] of Object.entries(asMap(was[key]))) {
      if (key === 'config' && (k === 'tags' || k === 'meta') && typeof v === 'object') {
        const inner = asMap(now[key])[k];
        if (Array.isArray(v)) expect((inner as unknown[]).slice(0, v.length)).toEqual(v);
        else for (const [ik, iv] of Object.entries(asMap(v))) expect(asMap(inner)[ik], `${before.path} ${p.join('.')}.config.${k}.${ik}`).toEqual(iv);
      } else expect(asMap(now[key])[k], `${before.path} ${p.join('.')}.${key}.${k}`).toEqual(v);
    }
  }
}

describe.skipIf(projects.length === 0)('corpus: the enrichment writer adds and keeps', () => {
  for (const p of projects) {
    it(p.name, () => {
      const repo = path.join(CORPUS_DIR, p.name, 'repo');
      const project = loadProject(documentOptions(path.join(repo, p.projectSubdir), { manifestPath: path.join(repo, p.manifest) }), nodeFileSystem);
      const enrichments = enrichmentsOf(project);
      const first = planTexts(project, project.schemaFiles, project.entries, enrichments);
      expect(first.refused).toEqual([]);
      expect(first.texts.size).toBeGreaterThan(0);
      const files = new Map(project.schemaFiles);
      let validBefore = 0;
      for (const [file, text] of first.texts) {
        const before = project.schemaFiles.get(file) as SchemaFile;
        const after = readSchemaFile(file, text);
        files.set(file, after);
        expectKept(before, after);
        if (dbtSchemaErrors('dbt_yml_files-latest.json', before.text).length === 0) {
          validBefore++;
          expect(dbtSchemaErrors('dbt_yml_files-latest.json', text), file).toEqual([]);
        }
      }
      const entries = new Map([...project.entries].map(([id, at]) => {
        const entry = files.get(at.file)?.entries.find((e) => samePath(e.path, at.entry.path) && e.name === at.entry.name && e.version === at.entry.version);
        return [id, { file: at.file, entry: entry ?? at.entry }] as const;
      }));
      const second = planTexts(project, files, entries, enrichments);
      expect([...second.texts.keys()], 'a second plan').toEqual([]);
      console.info(`${p.name}: ${first.texts.size} files enriched, ${validBefore} checked against the dbt Core schema`);
    });
  }
});
