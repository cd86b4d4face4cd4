/**
 * The hand check of manifest nodes (src/project/manifest/read-raw-node.ts) against the zod schema it
 * stands in for: on every node of the fixtures' manifests (and the corpus's, when present), and
 * on each node with each field replaced by values of other shapes, the hand check either leaves
 * the node to zod or gives what zod gives.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { manifestNodeSchema } from '../../../src/project/manifest/manifest-schema.js';
import { readRawNode } from '../../../src/project/manifest/read-raw-node.js';
import { CORPUS_DIR, corpusProjects } from '../../corpus/corpus-projects.js';
import { filesUnder } from '../../helpers/files-under.js';

const REPO = path.resolve(import.meta.dirname, '../../..');

function nodesOf(file: string): unknown[] {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { nodes?: Record<string, unknown>; sources?: Record<string, unknown> };
  return [...Object.values(json.nodes ?? {}), ...Object.values(json.sources ?? {})];
}

/** zod's output, with the `config.meta` default the hand check always fills in (readers use `?? {}`). */
function normalized(data: Record<string, unknown>): Record<string, unknown> {
  const config = data['config'] as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) if (value !== undefined) out[key] = value;
  out['config'] = { ...config, meta: config['meta'] ?? {} };
  return out;
}

/** Whether the hand check agrees with zod on `value`: defers to it, or returns what it returns. */
function disagreement(value: unknown): string | undefined {
  const fast = readRawNode(value);
  if (fast === undefined) return undefined;
  const parsed = manifestNodeSchema.safeParse(value);
  if (!parsed.success) return `hand check accepted what zod rejects: ${parsed.error.issues[0]?.message}`;
  const a = normalized(fast as unknown as Record<string, unknown>);
  const b = normalized(parsed.data as unknown as Record<string, unknown>);
  return isDeepStrictEqual(a, b) ? undefined : `different output: ${JSON.stringify(a).slice(0, 300)} vs ${JSON.stringify(b).slice(0, 300)}`;
}

const FIELDS = [
  'unique_id', 'resource_type', 'name', 'package_name', 'original_file_path', 'patch_path', 'depends_on', 'description', 'columns',
  'raw_code', 'raw_sql', 'compiled_code', 'compiled_sql', 'relation_name', 'database', 'schema', 'alias', 'identifier', 'source_name',
  'version', 'latest_version', 'fqn', 'tags', 'meta', 'config',
];
const SHAPES: unknown[] = [undefined, null, '', 'text', 0, 2, true, [], ['a', 1, null], {}, { nodes: ['x', 2] }, { nodes: 'x' }, { meta: null }, { meta: [] }, { meta: { k: 1 }, enabled: false }];

function mutations(node: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  for (const field of FIELDS) {
    for (const shape of SHAPES) {
      const copy = { ...node };
      if (shape === undefined) delete copy[field];
      else copy[field] = shape;
      out.push(copy);
    }
  }
  return out;
}

const fixtureManifests = filesUnder(path.join(REPO, 'fixtures'), /^manifest\.json$/);
const corpus = corpusProjects();
if (corpus.length === 0) console.warn(`read-raw-node corpus cases skipped: no corpus at ${CORPUS_DIR}`);

describe('readRawNode agrees with manifestNodeSchema', () => {
  it('on every node of the fixtures, as they are and with each field of another shape', () => {
    expect(fixtureManifests.length).toBeGreaterThan(0);
    let accepted = 0;
    const problems: string[] = [];
    for (const file of fixtureManifests) {
      for (const node of nodesOf(file)) {
        if (readRawNode(node) !== undefined) accepted++;
        for (const value of [node, ...mutations(node as Record<string, unknown>)]) {
          const problem = disagreement(value);
          if (problem) problems.push(`${path.relative(REPO, file)} ${(node as { unique_id?: string }).unique_id}: ${problem}`);
        }
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    // The point is speed: the fixtures' real nodes must take the hand path, not zod.
    expect(accepted).toBeGreaterThan(0);
  });

  it('leaves a node with a wrong field to zod', () => {
    const node = { unique_id: 'model.p.a', resource_type: 'model', name: 'a', package_name: 'p', description: 3 };
    expect(readRawNode(node)).toBeUndefined();
    expect(manifestNodeSchema.safeParse(node).success).toBe(false);
  });

  it.skipIf(corpus.length === 0)('on every node of the corpus manifests', () => {
    const problems: string[] = [];
    let accepted = 0;
    let total = 0;
    for (const project of corpus) {
      for (const node of nodesOf(path.join(CORPUS_DIR, project.name, 'repo', project.manifest))) {
        total++;
        if (readRawNode(node) !== undefined) accepted++;
        const problem = disagreement(node);
        if (problem) problems.push(`${project.name} ${(node as { unique_id?: string }).unique_id}: ${problem}`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(accepted).toBe(total);
  });
});
