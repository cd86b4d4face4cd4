import type { DbtNode, GraphResourceType } from '../../src/project/manifest/types.js';

/**
 * A DbtNode for tests. `id` like `model.pkg.name` (or `source.pkg.src.table`) fills in
 * resource type, package, name, source name, fqn and file path unless given.
 */
export function makeNode(id: string, overrides: Partial<DbtNode> = {}): DbtNode {
  const parts = id.split('.');
  const resourceType = (parts[0] ?? 'model') as GraphResourceType;
  const packageName = parts[1] ?? 'pkg';
  const name = parts[parts.length - 1] ?? id;
  const sourceName = resourceType === 'source' ? parts[2] : undefined;
  const dir = { model: 'models', seed: 'seeds', snapshot: 'snapshots', source: 'models' }[resourceType];
  return {
    uniqueId: id,
    resourceType,
    name,
    packageName,
    ...(sourceName === undefined ? {} : { sourceName }),
    originalFilePath: resourceType === 'source' ? `${dir}/sources.yml` : `${dir}/${name}.${resourceType === 'seed' ? 'csv' : 'sql'}`,
    dependsOn: [],
    description: '',
    columns: [],
    fqn: resourceType === 'source' ? [packageName, sourceName ?? '', name] : [packageName, name],
    tags: [],
    meta: {},
    ...overrides,
  };
}

/** A node map from `[id, parents]` pairs (extra fields via makeNode overrides). */
export function nodeMap(entries: ReadonlyArray<[string, string[]] | [string, string[], Partial<DbtNode>]>): Map<string, DbtNode> {
  return new Map(entries.map(([id, dependsOn, more]) => [id, makeNode(id, { dependsOn, ...more })]));
}
