import path from 'node:path';
import type { EntrySection, SchemaFile } from '../yaml/types.js';

/** What the layout rule needs to know about a node. */
export interface LayoutNode {
  name: string;
  section: EntrySection;
  /** The folder of its SQL / CSV file, relative to the project dir, forward slashes. */
  folder: string;
}

const YAML_EXTENSION = /\.ya?ml$/;

function stem(file: string): string {
  return path.posix.basename(file).replace(YAML_EXTENSION, '');
}

/** A file that holds exactly one entry, named after it (`orders.yml`, `_orders.yml`). */
function isPerNodeFile(file: SchemaFile): boolean {
  // A versioned model has one entry per version: count names, not entries.
  const names = new Set(file.entries.filter((e) => e.section !== 'sources').map((e) => e.name.toLowerCase()));
  return names.size === 1 && names.has(stem(file.path).replace(/^_/, '').toLowerCase());
}

/**
 * The schema file a node with no YAML entry and no routing rule goes to, following the layout of
 * the schema files already in its folder (`files` may hold any files; only the folder's count):
 * 1. a file already named after the node (`<name>.yml`, `_<name>.yml`), never a second one beside it;
 * 2. the folder's one file that holds other entries of the node's section (`schema.yml`,
 *    `_models.yml`, `core.yml`...);
 * 3. where the folder keeps one file per node, the same naming pattern and extension;
 * 4. else `_<name>.yml`.
 */
export function followFolderLayout(node: LayoutNode, files: Iterable<SchemaFile>): string {
  const here = [...files].filter((f) => path.posix.dirname(f.path) === node.folder).sort((a, b) => (a.path < b.path ? -1 : 1));
  const name = node.name.toLowerCase();
  const named = here.find((f) => stem(f.path).replace(/^_/, '').toLowerCase() === name);
  if (named) return named.path;
  const perNode = here.filter(isPerNodeFile);
  const shared = here.filter((f) => !isPerNodeFile(f) && f.entries.some((e) => e.section === node.section));
  if (shared.length === 1 && shared[0]) return shared[0].path;
  if (perNode.length > 0) {
    const underscored = perNode.filter((f) => path.posix.basename(f.path).startsWith('_')).length;
    const prefix = underscored * 2 >= perNode.length ? '_' : '';
    const yamlExt = perNode.filter((f) => f.path.endsWith('.yaml')).length * 2 > perNode.length ? 'yaml' : 'yml';
    return path.posix.join(node.folder, `${prefix}${node.name}.${yamlExt}`);
  }
  return path.posix.join(node.folder, `_${node.name}.yml`);
}
