// Graph timings on synthetic projects (no files written): build, topological order, and
// ancestor generations for every node, in full and stopping after the first generation (what
// inheritance does when the parents already hold a match). Imports the built dist/graph/build-graph.js.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { planProject } from './synth-plan.mjs';

function toNodes(plan) {
  const nodes = new Map();
  for (const x of [...plan.sources, ...plan.models]) {
    nodes.set(x.uniqueId, {
      uniqueId: x.uniqueId, resourceType: x.uniqueId.startsWith('source.') ? 'source' : 'model', name: x.name,
      packageName: 'synth', originalFilePath: '', dependsOn: x.parents ?? [], description: '', columns: [], fqn: [], tags: [], meta: {},
    });
  }
  return nodes;
}

function time(fn) {
  const start = performance.now();
  const value = fn();
  return [performance.now() - start, value];
}

export async function run({ sizes, dist }) {
  const entry = join(dirname(dist), 'graph/build-graph.js');
  if (!existsSync(entry)) return [{ name: 'graph', note: `${entry} not built` }];
  const { buildGraph } = await import(pathToFileURL(entry).href);
  const rows = [];
  for (const models of sizes) {
    const nodes = toNodes(planProject({ models, seed: 1 }));
    const [buildMs, graph] = time(() => buildGraph(nodes));
    const [topoMs, order] = time(() => graph.topologicalOrder());
    const [allGenerationsMs, deepest] = time(() => order.reduce((max, id) => Math.max(max, graph.ancestorGenerations(id).length), 0));
    const [firstGenerationMs] = time(() => {
      for (const id of order) graph.walkAncestorGenerations(id).next();
    });
    rows.push({ name: 'graph', nodes: nodes.size, 'build ms': buildMs, 'topological order ms': topoMs, 'all generations, every node ms': allGenerationsMs, 'first generation, every node ms': firstGenerationMs, 'deepest ancestry': deepest });
  }
  return rows;
}
