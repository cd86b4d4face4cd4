/**
 * Column lineage on real projects against hand-written expectations (oracle.ts). Skipped, with a
 * message, on a clone without ../shared/corpus.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDocState } from '../../src/inheritance/build-doc-state.js';
import { lineageForState } from '../../src/lineage/lineage-for-state.js';
import { loadProject } from '../../src/project/load-project.js';
import { CORPUS_DIR, corpusProjects } from './corpus-projects.js';
import { LINEAGE_EXPECTATIONS } from './oracle.js';
import { nodeFileSystem } from '../../src/node-ports.js';

const projects = corpusProjects().filter((p) => LINEAGE_EXPECTATIONS.some((e) => e.project === p.name));
if (projects.length === 0) console.warn(`corpus lineage test skipped: no corpus at ${CORPUS_DIR}`);

describe.skipIf(projects.length === 0)('corpus lineage matches the hand-written oracle', () => {
  for (const p of projects) {
    it(`${p.name}`, async () => {
      const repo = path.join(CORPUS_DIR, p.name, 'repo');
      const project = loadProject({ projectDir: path.join(repo, p.projectSubdir), manifestPath: path.join(repo, p.manifest), ...(p.catalog ? { catalogPath: path.join(repo, p.catalog) } : {}) }, nodeFileSystem);
      const state = buildDocState({ nodes: project.manifest.nodes, entries: project.entries, writablePackage: project.writablePackage, ...(project.catalog ? { catalog: project.catalog } : {}) });
      const lineage = await lineageForState(project.manifest, state, (id) => project.catalog?.nodes.has(id) ?? false);
      const expected = LINEAGE_EXPECTATIONS.filter((e) => e.project === p.name);
      const actual = expected.map((e) => {
        const model = lineage.model(e.node);
        const column = model?.status === 'parsed' ? model.columns.get(e.column) : undefined;
        return { node: e.node, column: e.column, from: column?.kind === 'known' ? column.sources : column };
      });
      expect(actual).toEqual(expected.map((e) => ({ node: e.node, column: e.column, from: [e.from] })));
    });
  }
});
