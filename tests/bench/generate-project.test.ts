import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { generateProject } from '../../bench/generate-project.mjs';
import { buildGraph } from '../../src/graph/build-graph.js';
import type { DbtNode, GraphResourceType } from '../../src/project/manifest/types.js';

const root = mkdtempSync(join(tmpdir(), 'osmosis-gen-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface RawNode {
  unique_id: string;
  resource_type: string;
  name: string;
  package_name: string;
  original_file_path: string;
  patch_path?: string | null;
  depends_on?: { nodes: string[] };
  columns: Record<string, { name: string; description: string }>;
  fqn: string[];
  config: { enabled: boolean; materialized?: string; tags?: string[]; meta?: object };
  source_name?: string;
}

function read<T>(dir: string, file: string): T {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yml'));
}

describe('generateProject', () => {
  const dir = join(root, 'a');
  const summary = generateProject(dir, { models: 50, seed: 7 });
  const manifest = read<{ metadata: { dbt_schema_version: string; project_name: string }; nodes: Record<string, RawNode>; sources: Record<string, RawNode>; parent_map: Record<string, string[]> }>(dir, 'target/manifest.json');
  const catalog = read<{ nodes: Record<string, { columns: Record<string, { name: string; type: string; index: number }> }>; sources: Record<string, unknown> }>(dir, 'target/catalog.json');

  it('writes a v12 manifest with models, sources and ignorable tests', () => {
    expect(summary).toMatchObject({ models: 50, sources: 5 });
    expect(manifest.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/manifest/v12.json');
    expect(manifest.metadata.project_name).toBe('synth');
    const nodes = Object.values(manifest.nodes);
    const models = nodes.filter((n) => n.resource_type === 'model');
    expect(models).toHaveLength(50);
    expect(nodes.some((n) => n.resource_type === 'test')).toBe(true);
    expect(Object.keys(manifest.sources)).toHaveLength(5);
    for (const m of models) {
      expect(m.unique_id).toBe(`model.synth.${m.name}`);
      expect(m.patch_path).toMatch(/^synth:\/\/models\/.+\.yml$/);
      expect(m.original_file_path).toMatch(/^models\/(staging|intermediate|marts)\/g\d+\/.+\.sql$/);
      expect(m.fqn[0]).toBe('synth');
      expect(m.config.enabled).toBe(true);
      expect(m.depends_on?.nodes.length).toBeGreaterThan(0);
      for (const p of m.depends_on?.nodes ?? []) expect(p in manifest.nodes || p in manifest.sources).toBe(true);
    }
    for (const s of Object.values(manifest.sources)) expect(s.source_name).toMatch(/^src_\d+$/);
  });

  it('has layers with overlapping column names and a catalog that knows more columns than the YAML', () => {
    const stg = Object.values(manifest.nodes).filter((n) => n.name.startsWith('stg_'));
    expect(stg.length).toBe(20);
    const model = stg[0]!;
    const parentColumns = new Set(model.depends_on!.nodes.flatMap((p) => Object.keys((manifest.nodes[p] ?? manifest.sources[p])!.columns)));
    expect(Object.keys(model.columns).some((c) => parentColumns.has(c))).toBe(true);
    let catalogOnly = 0;
    for (const [id, entry] of Object.entries(catalog.nodes)) {
      for (const c of Object.keys(entry.columns)) if (!(c in manifest.nodes[id]!.columns)) catalogOnly++;
    }
    expect(catalogOnly).toBeGreaterThan(0);
    expect(Object.keys(catalog.sources)).toHaveLength(5);
  });

  it('writes parseable YAML whose models match the manifest', () => {
    const files = yamlFiles(dir);
    expect(files).toContain('dbt_project.yml');
    const names = new Set<string>();
    for (const f of files.filter((x) => x.startsWith('models/'))) {
      const doc = parseDocument(readFileSync(join(dir, f), 'utf8'));
      expect(doc.errors).toEqual([]);
      const models = doc.toJS().models as { name: string }[] | undefined;
      for (const m of models ?? []) names.add(m.name);
    }
    expect(names.size).toBe(50);
  });

  it('yields an acyclic graph', () => {
    const all = [...Object.values(manifest.nodes), ...Object.values(manifest.sources)].filter((n) => n.resource_type !== 'test');
    const nodes = new Map<string, DbtNode>(
      all.map((n) => [
        n.unique_id,
        {
          uniqueId: n.unique_id,
          resourceType: n.resource_type as GraphResourceType,
          name: n.name,
          packageName: n.package_name,
          originalFilePath: n.original_file_path,
          dependsOn: n.depends_on?.nodes ?? [],
          description: '',
          columns: [],
          fqn: n.fqn,
          tags: [],
          meta: {},
        },
      ]),
    );
    const graph = buildGraph(nodes);
    expect(graph.topologicalOrder()).toHaveLength(55);
    expect(graph.ancestorGenerations(graph.topologicalOrder()[54]!).length).toBeGreaterThan(0);
  });

  it('is deterministic for a seed', () => {
    const again = join(root, 'b');
    generateProject(again, { models: 50, seed: 7 });
    expect(readFileSync(join(again, 'target/manifest.json'), 'utf8')).toBe(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
    expect(readFileSync(join(again, 'target/catalog.json'), 'utf8')).toBe(readFileSync(join(dir, 'target/catalog.json'), 'utf8'));
  });
});

describe('generateProject, first-run shape', () => {
  const dir = join(root, 'first');
  const summary = generateProject(dir, { models: 140, seed: 3, shape: 'first-run' });
  const manifest = read<{ nodes: Record<string, RawNode>; sources: Record<string, RawNode> }>(dir, 'target/manifest.json');
  const catalog = read<{ nodes: Record<string, { columns: Record<string, unknown> }> }>(dir, 'target/catalog.json');
  const models = Object.values(manifest.nodes).filter((n) => n.resource_type === 'model');

  it('writes five YAML files: two of sources, one per layer for its first 20 models', () => {
    expect(summary).toMatchObject({ models: 140, yamlFiles: 5 });
    const files = yamlFiles(dir).filter((f) => f.startsWith('models/')).sort();
    expect(files).toEqual(['models/intermediate/_intermediate__models.yml', 'models/marts/_marts__models.yml', 'models/sources/_sources_0.yml', 'models/sources/_sources_1.yml', 'models/staging/_staging__models.yml']);
    const sources = files.filter((f) => f.includes('sources')).flatMap((f) => (parseDocument(readFileSync(join(dir, f), 'utf8')).toJS().sources as { tables: unknown[] }[]).flatMap((s) => s.tables));
    expect(sources).toHaveLength(Object.keys(manifest.sources).length);
    expect(models.filter((m) => m.patch_path)).toHaveLength(60);
  });

  it('leaves the other models without entry, description or manifest columns, all in the catalog, in folders of 7 routed to one file each', () => {
    const bare = models.filter((m) => !m.patch_path);
    expect(bare).toHaveLength(80);
    for (const m of bare) {
      expect(m.columns).toEqual({});
      if (catalog.nodes[m.unique_id]) expect(Object.keys(catalog.nodes[m.unique_id]!.columns)).toHaveLength(14);
    }
    const folders = new Set(models.map((m) => m.original_file_path.replace(/\/[^/]+$/, '')));
    expect(Math.max(...[...folders].map((f) => models.filter((m) => m.original_file_path.startsWith(`${f}/`)).length))).toBe(7);
    expect(readFileSync(join(dir, 'dbt_project.yml'), 'utf8')).toContain('+dbt-osmosis: "_{parent}.yml"');
  });
});
