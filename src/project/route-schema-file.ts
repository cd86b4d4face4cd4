import path from 'node:path';
import { InputError } from '../errors.js';
import type { DbtNode } from './manifest/types.js';
import type { SchemaFile } from '../yaml/types.js';
import type { DbtProjectFile } from './dbt-project.js';
import { followFolderLayout } from './follow-folder-layout.js';
import { toPosix } from './posix-path.js';

/**
 * The `+dbt-osmosis` routing template that applies to a node: the manifest's resolved config
 * when it has one, else the deepest `+dbt-osmosis` of the config tree (`models:`, `seeds:` or
 * `snapshots:`) along the node's fqn.
 */
export function routingTemplate(node: DbtNode, modelsConfig: Record<string, unknown>): string | undefined {
  if (node.osmosisRoute) return node.osmosisRoute;
  let level: unknown = modelsConfig;
  let found: string | undefined;
  for (const part of [undefined, ...node.fqn.slice(0, -1)]) {
    if (part !== undefined) level = (level as Record<string, unknown>)[part];
    if (!level || typeof level !== 'object') break;
    const here = (level as Record<string, unknown>)['+dbt-osmosis'] ?? (level as Record<string, unknown>)['dbt-osmosis'];
    if (typeof here === 'string') found = here;
  }
  return found;
}

function fillTemplate(template: string, node: DbtNode, parentDir: string): string {
  return template.replace(/\{([^{}]+)\}/g, (whole, expr: string) => {
    const key = expr.trim();
    if (key === 'model' || key === 'node.name') return node.name;
    if (key === 'parent') return path.posix.basename(parentDir) || node.packageName;
    if (key === 'node.resource_type') return node.resourceType;
    if (key === 'node.package_name') return node.packageName;
    if (key === 'node.schema') return node.schema ?? '';
    if (key === 'node.database') return node.database ?? '';
    if (key === 'node.alias') return node.alias ?? node.name;
    if (/^node\.config\[['"]?materialized['"]?\]$/.test(key)) return node.materialized ?? '';
    const fqn = /^node\.fqn\[(-?\d+)\]$/.exec(key);
    if (fqn) return node.fqn.at(Number(fqn[1])) ?? '';
    throw new InputError(
      'routing-template',
      `dbt_project.yml: +dbt-osmosis '${template}' for ${node.uniqueId} uses '${whole}', which osmosis-ts does not know ` +
        `(known: {model}, {parent}, {node.name}, {node.resource_type}, {node.schema}, {node.database}, {node.alias}, {node.package_name}, {node.config[materialized]}, {node.fqn[i]}).`,
    );
  });
}

/** The `dbt_project.yml` config tree and the resource paths of a node's type. */
function treeAndPaths(node: DbtNode, project: DbtProjectFile): { tree: Record<string, unknown>; roots: readonly string[] } {
  if (node.resourceType === 'seed') return { tree: project.seedsConfig, roots: project.seedPaths };
  if (node.resourceType === 'snapshot') return { tree: project.snapshotsConfig, roots: project.snapshotPaths };
  return { tree: project.modelsConfig, roots: project.modelPaths };
}

const SECTION = { model: 'models', seed: 'seeds', snapshot: 'snapshots', source: 'sources' } as const;

/**
 * The schema file (relative to the package root, forward slashes) a model, seed or snapshot
 * without a YAML entry is written to: its routing template relative to the node's file folder (a
 * leading `/` makes it relative to the first model, seed or snapshot path), else the folder's
 * layout (follow-folder-layout.ts) among the project's schema files.
 */
export function routeSchemaFile(node: DbtNode, project: DbtProjectFile, schemaFiles: Iterable<SchemaFile>): string {
  const folder = path.posix.dirname(toPosix(node.originalFilePath));
  const { tree, roots } = treeAndPaths(node, project);
  const template = routingTemplate(node, tree);
  if (!template) return followFolderLayout({ name: node.name, section: SECTION[node.resourceType], folder }, schemaFiles);
  const filled = fillTemplate(template, node, folder);
  const target = filled.startsWith('/') ? path.posix.join(roots[0] ?? 'models', filled.slice(1)) : path.posix.join(folder, filled);
  return /\.ya?ml$/.test(target) ? target : `${target}.yml`;
}
