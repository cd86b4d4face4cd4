import path from 'node:path';
import { InputError } from '../errors.js';
import type { DbtNode } from '../manifest/types.js';

/**
 * The `+dbt-osmosis` routing template that applies to a node: the manifest's resolved config
 * when it has one, else the deepest `+dbt-osmosis` of the `models:` tree along the node's fqn.
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

/**
 * The schema file (relative to the package root, forward slashes) a node without a YAML entry is
 * written to: the routing template relative to the node's SQL folder (a leading `/` makes it
 * relative to the first model path), else `_<model>.yml` beside the SQL file.
 */
export function routeSchemaFile(node: DbtNode, modelsConfig: Record<string, unknown>, modelPaths: readonly string[]): string {
  const sqlDir = path.posix.dirname(node.originalFilePath.split(path.sep).join('/'));
  const template = routingTemplate(node, modelsConfig);
  if (!template) return path.posix.join(sqlDir, `_${node.name}.yml`);
  const filled = fillTemplate(template, node, sqlDir);
  const target = filled.startsWith('/') ? path.posix.join(modelPaths[0] ?? 'models', filled.slice(1)) : path.posix.join(sqlDir, filled);
  return /\.ya?ml$/.test(target) ? target : `${target}.yml`;
}
