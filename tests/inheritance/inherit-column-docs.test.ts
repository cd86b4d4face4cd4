import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build-graph.js';
import { buildDocState } from '../../src/inheritance/build-doc-state.js';
import { copyDocState, placeholderSet, type DocState } from '../../src/inheritance/doc-state.js';
import { inheritColumnDocs } from '../../src/inheritance/inherit-column-docs.js';
import type { DbtNode, ManifestColumn } from '../../src/project/manifest/types.js';
import type { YamlColumn, YamlEntry } from '../../src/yaml/types.js';

type Col = { name: string; description?: string; tags?: string[]; meta?: Record<string, unknown> };

function node(id: string, dependsOn: string[] = [], extra: Partial<DbtNode> = {}): DbtNode {
  const [type, pkg, name] = id.split('.') as [DbtNode['resourceType'], string, string];
  return { uniqueId: id, resourceType: type, name, packageName: pkg, originalFilePath: `models/${name}.sql`, dependsOn, description: '', columns: [], fqn: [pkg, name], tags: [], meta: {}, ...extra };
}

function entry(name: string, cols: Col[], prefix?: string): YamlEntry {
  const columns: YamlColumn[] = cols.map((c, i) => ({
    name: c.name,
    ...(c.description !== undefined ? { description: c.description } : {}),
    tags: c.tags ?? [],
    meta: c.meta ?? {},
    path: ['models', 0, 'columns', i],
    tagsKey: 'tags',
    metaKey: 'meta',
    hasTagsKey: c.tags !== undefined,
    hasMetaKey: c.meta !== undefined,
    hasConfig: false,
  }));
  return { section: 'models', name, path: ['models', 0], columns, columnsPath: ['models', 0, 'columns'], ...(prefix ? { columnPrefix: prefix } : {}) };
}

function project(spec: Record<string, { deps?: string[]; cols: Col[]; prefix?: string; pkg?: 'yaml' | 'manifest' }>): { state: DocState; run(opts?: { force?: boolean }): void } {
  const nodes = new Map<string, DbtNode>();
  const entries = new Map<string, { file: string; entry: YamlEntry }>();
  for (const [id, s] of Object.entries(spec)) {
    const manifestCols: ManifestColumn[] = s.pkg === 'manifest' ? s.cols.map((c) => ({ name: c.name, description: c.description ?? '', tags: c.tags ?? [], meta: c.meta ?? {} })) : [];
    nodes.set(id, node(id, s.deps ?? [], { columns: manifestCols }));
    if (s.pkg !== 'manifest') entries.set(id, { file: 'models/schema.yml', entry: entry(id.split('.')[2] as string, s.cols, s.prefix) });
  }
  const state = buildDocState({ nodes, entries, writablePackage: 'p' });
  const graph = buildGraph(nodes);
  return {
    state,
    run(opts = {}) {
      for (const id of graph.topologicalOrder()) {
        inheritColumnDocs(id, state, (n) => graph.walkAncestorGenerations(n), { forceInheritDescriptions: opts.force ?? false, placeholders: placeholderSet(['Pending further documentation', 'Undefined']) });
      }
    },
  };
}

const desc = (state: DocState, id: string, col: string) => state.get(id)?.byName.get(col)?.description;

describe('inheritColumnDocs', () => {
  it('takes the nearest real description, through a chain, as written', () => {
    const p = project({
      'source.p.raw': { cols: [{ name: 'id', description: "{{ doc('id') }}" }] },
      'model.p.stg': { deps: ['source.p.raw'], cols: [{ name: 'id', description: '' }] },
      'model.p.mart': { deps: ['model.p.stg'], cols: [{ name: 'ID' }] },
    });
    p.run();
    expect(desc(p.state, 'model.p.stg', 'id')).toBe("{{ doc('id') }}");
    expect(desc(p.state, 'model.p.mart', 'id')).toBe("{{ doc('id') }}");
    expect(p.state.get('model.p.mart')?.byName.get('id')?.progenitor).toBe('source.p.raw');
  });

  it('groups ancestors by shortest path and breaks ties by unique_id', () => {
    // a is both a direct parent (generation 1) and a grandparent through b.
    const p = project({
      'model.p.a': { cols: [{ name: 'x', description: 'from a' }] },
      'model.p.c': { cols: [{ name: 'x', description: 'from c' }] },
      'model.p.b': { deps: ['model.p.a'], cols: [{ name: 'x', description: 'from b' }] },
      'model.p.t': { deps: ['model.p.b', 'model.p.a', 'model.p.c'], cols: [{ name: 'x' }] },
    });
    p.run();
    expect(desc(p.state, 'model.p.t', 'x')).toBe('from a');
  });

  it('replaces placeholders but never a real description without force', () => {
    const p = project({
      'model.p.a': { cols: [{ name: 'x', description: 'upstream' }, { name: 'y', description: 'upstream y' }] },
      'model.p.t': { deps: ['model.p.a'], cols: [{ name: 'x', description: ' pending further documentation ' }, { name: 'y', description: 'mine' }] },
    });
    p.run();
    expect(desc(p.state, 'model.p.t', 'x')).toBe('upstream');
    expect(desc(p.state, 'model.p.t', 'y')).toBe('mine');
    p.run({ force: true });
    expect(desc(p.state, 'model.p.t', 'y')).toBe('upstream y');
  });

  it('unions tags (own first) and lets local meta win', () => {
    const p = project({
      'model.p.a': { cols: [{ name: 'x', description: 'd', tags: ['pii', 'core'], meta: { owner: 'up', pii: true } }] },
      'model.p.t': { deps: ['model.p.a'], cols: [{ name: 'x', tags: ['mine', 'core'], meta: { owner: 'me' } }] },
    });
    p.run();
    const col = p.state.get('model.p.t')?.byName.get('x');
    expect(col?.tags).toEqual(['mine', 'core', 'pii']);
    expect(col?.meta).toEqual({ owner: 'me', pii: true });
  });

  it('matches <prefix><name> to an upstream <name>', () => {
    const p = project({
      'model.p.a': { cols: [{ name: 'id', description: 'the id' }] },
      'model.p.t': { deps: ['model.p.a'], prefix: 'cust_', cols: [{ name: 'cust_id' }] },
    });
    p.run();
    expect(desc(p.state, 'model.p.t', 'cust_id')).toBe('the id');
  });

  it('reads the manifest text of packages whose YAML is not on disk', () => {
    const p = project({
      'model.hub.base': { pkg: 'manifest', cols: [{ name: 'x', description: 'rendered upstream text' }] },
      'model.p.t': { deps: ['model.hub.base'], cols: [{ name: 'x', description: '' }] },
    });
    p.run();
    expect(desc(p.state, 'model.p.t', 'x')).toBe('rendered upstream text');
  });

  it('leaves a column alone when no ancestor documents it', () => {
    const p = project({
      'model.p.a': { cols: [{ name: 'x', description: 'Undefined' }] },
      'model.p.t': { deps: ['model.p.a'], cols: [{ name: 'x' }] },
    });
    p.run();
    expect(desc(p.state, 'model.p.t', 'x')).toBeUndefined();
  });
});

describe('copyDocState', () => {
  it('gives a copy that inheritance and stand-ins change without touching the original', () => {
    const p = project({
      'model.p.a': { cols: [{ name: 'id', description: 'the id', tags: ['pk'], meta: { owner: 'me' } }] },
      'model.p.t': { deps: ['model.p.a'], cols: [{ name: 'id', tags: ['x'] }] },
    });
    const copy = copyDocState(p.state);
    const graph = buildGraph(new Map([...p.state].map(([id, doc]) => [id, doc.node])));
    for (const id of graph.topologicalOrder()) {
      inheritColumnDocs(id, copy, (n) => graph.walkAncestorGenerations(n), { forceInheritDescriptions: false, placeholders: placeholderSet([]) });
    }
    const copied = copy.get('model.p.t')?.byName.get('id');
    copied?.tags.push('stand-in');
    if (copied) copied.meta.note = 'stand-in';
    expect(desc(copy, 'model.p.t', 'id')).toBe('the id');
    expect(copy.get('model.p.t')?.columns[0]).toBe(copied);
    // The original is as it was built.
    expect(desc(p.state, 'model.p.t', 'id')).toBeUndefined();
    expect(p.state.get('model.p.t')?.byName.get('id')?.tags).toEqual(['x']);
    expect(p.state.get('model.p.t')?.byName.get('id')?.meta).toEqual({});
  });
});
