import path from 'node:path';
import type { DbtNode } from './manifest/types.js';
import type { YamlInputError } from '../yaml/errors.js';
import type { PackageLocation } from './locate-packages.js';
import { toPosixRelative } from './posix-path.js';

/**
 * A schema file left as it is: osmosis-ts could not parse it, or could not edit it safely. Its
 * nodes are read from the manifest (dbt parsed the file), so descendants still inherit from them.
 */
export interface SkippedFile {
  /** Path relative to the project dir, with forward slashes. */
  path: string;
  /**
   * `unparseable`: not valid YAML or not shaped like a schema file; `unsafe-edit`: an edit it needs
   * is refused; `unwritable`: its new text could not be written (permissions, a full disk).
   */
  kind: 'unparseable' | 'unsafe-edit' | 'unwritable';
  /** 1-based line of the problem, when known. */
  line?: number;
  /** What is wrong and what to do. */
  reason: string;
  /** Unique ids of the nodes whose YAML entry is in the file. */
  nodes: string[];
  /** The file belongs to the project being documented (not a read-only package). */
  writable: boolean;
  /** The run would have changed the file: a writable one makes the run exit 3. */
  pendingChanges: boolean;
  /** What would have been written (YAML paths of the edits), for the warning. */
  wouldWrite: string[];
}

/**
 * The schema file a node's YAML entry lives in, relative to the project dir: a source's is its
 * own file; a model, seed or snapshot's is its `patch_path`.
 */
export function yamlFileOfNode(node: DbtNode, projectDir: string, packages: ReadonlyMap<string, PackageLocation>): string | undefined {
  const pkg = packages.get(node.packageName);
  if (!pkg) return undefined;
  let file: string | undefined;
  if (node.resourceType === 'source') file = node.originalFilePath;
  else if (node.patchPath !== undefined) file = node.patchPath.replace(/^[^:/]*:\/\//, '');
  if (file === undefined) return undefined;
  return toPosixRelative(projectDir, path.resolve(pkg.dir, file));
}

/** Node ids by the schema file that defines them, for the files in `files`. */
export function nodesByFile(
  nodes: Iterable<DbtNode>,
  files: ReadonlySet<string>,
  projectDir: string,
  packages: ReadonlyMap<string, PackageLocation>,
): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  if (files.size === 0) return byFile;
  for (const node of nodes) {
    const file = yamlFileOfNode(node, projectDir, packages);
    if (file === undefined || !files.has(file)) continue;
    byFile.set(file, [...(byFile.get(file) ?? []), node.uniqueId]);
  }
  for (const ids of byFile.values()) ids.sort();
  return byFile;
}

/** A file that does not parse (or is not shaped like a schema file), as a writable skipped file. */
export function unparseableFile(error: YamlInputError, nodes: string[]): SkippedFile {
  const where = error.line === undefined ? `${error.file}: ` : `${error.file}:${error.line}:${error.column}: `;
  return {
    path: error.file,
    kind: 'unparseable',
    ...(error.line !== undefined ? { line: error.line } : {}),
    reason: error.message.startsWith(where) ? error.message.slice(where.length) : error.message,
    nodes,
    writable: true,
    pendingChanges: false,
    wouldWrite: [],
  };
}
