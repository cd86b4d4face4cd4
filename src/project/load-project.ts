import path from 'node:path';
import { InputError } from '../errors.js';
import type { FileSystemPort } from '../ports.js';
import { parseCatalog } from './manifest/read-catalog.js';
import { parseManifest } from './manifest/read-manifest.js';
import type { Catalog, DbtNode, Manifest } from './manifest/types.js';
import { YamlInputError } from '../yaml/errors.js';
import { readSchemaFile } from '../yaml/read-schema-file.js';
import type { EntrySection, SchemaFile, YamlEntry } from '../yaml/types.js';
import { parseDbtProject, type DbtProjectFile } from './dbt-project.js';
import { listFiles } from './list-files.js';
import { toPosixRelative } from './posix-path.js';
import { locatePackages, type PackageLocation } from './locate-packages.js';
import { nodesByFile, unparseableFile, type SkippedFile } from './skipped-files.js';

/** Where a node's YAML entry lives. */
export interface EntryLocation {
  /** Schema file path relative to the project dir. */
  file: string;
  entry: YamlEntry;
}

/** A dbt project with its artifacts and schema files, read and parsed. */
export interface LoadedProject {
  projectDir: string;
  dbtProject: DbtProjectFile;
  manifest: Manifest;
  catalog?: Catalog;
  /** The package whose nodes may be written (the one in the project dir). */
  writablePackage: string;
  packages: Map<string, PackageLocation>;
  /** Parsed schema files by path relative to the project dir. */
  schemaFiles: Map<string, SchemaFile>;
  /** Node id → its YAML entry, where it has one. */
  entries: Map<string, EntryLocation>;
  /** Non-fatal remarks for the report. */
  warnings: string[];
  /**
   * Schema files that could not be parsed: left as they are, their nodes read from the manifest.
   * `pendingChanges` is decided later, once the run knows what it would have written.
   */
  unreadableFiles: SkippedFile[];
}

export interface LoadProjectOptions {
  projectDir: string;
  targetPath?: string;
  manifestPath?: string;
  catalogPath?: string;
}

const SECTION_OF: Record<DbtNode['resourceType'], EntrySection> = {
  model: 'models',
  seed: 'seeds',
  snapshot: 'snapshots',
  source: 'sources',
};

function entryKey(section: EntrySection, name: string, sourceName?: string, version?: string): string {
  return `${section}\u0000${sourceName ?? ''}\u0000${name.toLowerCase()}\u0000${version ?? ''}`;
}

function nodeKey(node: DbtNode): string {
  return entryKey(SECTION_OF[node.resourceType], node.name, node.sourceName, node.version);
}

function readText(fs: FileSystemPort, file: string, what: string, advice = ''): string {
  try {
    return fs.readText(file);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err);
    throw new InputError(`${what}-unreadable`, `${file}: cannot read the ${what}: ${reason}.${advice}`, { file });
  }
}

/** On a fresh clone target/ is usually gitignored: say how to make the manifest. */
function manifestAdvice(projectDir: string): string {
  return ` osmosis-ts reads the manifest dbt writes: run \`dbt parse\` in ${projectDir} first, or add --dbt-parse so osmosis-ts runs it (--dbt-parse "uv run dbt parse" for another command), or point --manifest-path at an existing manifest.json.`;
}

/**
 * Parses the schema files of one package. A file that does not parse costs that file, not the
 * run: it is listed in `unreadable` (dbt parsed it, so the manifest still has its nodes).
 */
function readSchemaFiles(
  fs: FileSystemPort,
  pkg: PackageLocation,
  projectDir: string,
  into: Map<string, SchemaFile>,
  unreadable: Map<string, { error: YamlInputError; pkg: string }>,
): void {
  const roots = [...pkg.project.modelPaths, ...pkg.project.seedPaths, ...pkg.project.snapshotPaths].map((p) => path.join(pkg.dir, p));
  for (const abs of listFiles(fs, roots, ['.yml', '.yaml'])) {
    const rel = toPosixRelative(projectDir, abs);
    if (into.has(rel) || unreadable.has(rel)) continue;
    try {
      into.set(rel, readSchemaFile(rel, fs.readText(abs)));
    } catch (err) {
      if (!(err instanceof YamlInputError)) throw err;
      unreadable.set(rel, { error: err, pkg: pkg.name });
    }
  }
}

/** The unreadable files as skipped files; those of the project itself are writable. */
function describeUnreadable(
  unreadable: Map<string, { error: YamlInputError; pkg: string }>,
  manifest: Manifest,
  projectDir: string,
  packages: Map<string, PackageLocation>,
  writablePackage: string,
): SkippedFile[] {
  const byFile = nodesByFile(manifest.nodes.values(), new Set(unreadable.keys()), projectDir, packages);
  return [...unreadable].map(([file, { error, pkg }]) => ({ ...unparseableFile(error, byFile.get(file) ?? []), writable: pkg === writablePackage }));
}

/** Indexes the entries of one package's schema files, refusing a node defined twice. */
function indexEntries(files: SchemaFile[], pkg: string, strict: boolean): Map<string, EntryLocation> {
  const index = new Map<string, EntryLocation>();
  for (const file of files) {
    for (const entry of file.entries) {
      const key = entryKey(entry.section, entry.name, entry.sourceName, entry.version);
      const previous = index.get(key);
      if (previous && strict) {
        const what = entry.sourceName ? `source table ${entry.sourceName}.${entry.name}` : `${entry.section.replace(/s$/, '')} '${entry.name}'${entry.version ? ` v${entry.version}` : ''}`;
        throw new InputError(
          'yaml-defined-twice',
          `${what} of package '${pkg}' is defined twice: in ${previous.file} and in ${file.path}. dbt allows one definition; remove one.`,
          { file: file.path },
        );
      }
      if (!previous) index.set(key, { file: file.path, entry });
    }
  }
  return index;
}

/**
 * A writable node whose patch_path leads out of the project would have its YAML edited (or a
 * second definition created) somewhere osmosis-ts must not touch: refuse the manifest instead.
 */
function assertPatchInside(node: DbtNode, projectDir: string, manifestPath: string): void {
  if (node.patchPath === undefined) return;
  const sep = node.patchPath.indexOf('://');
  if (sep !== -1 && node.patchPath.slice(0, sep) !== node.packageName) return;
  const file = sep === -1 ? node.patchPath : node.patchPath.slice(sep + 3);
  const relative = path.relative(projectDir, path.resolve(projectDir, file));
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    throw new InputError(
      'manifest-patch-path',
      `${manifestPath}: nodes.${node.uniqueId}.patch_path '${node.patchPath}' resolves to ${path.resolve(projectDir, file)}, outside the project ${projectDir}. ` +
        'osmosis-ts only edits files inside the project; re-run `dbt parse` in this project.',
      { file: manifestPath },
    );
  }
}

/**
 * Reads dbt_project.yml (unless the caller already parsed it), the manifest, the catalog and every
 * schema file of the known packages.
 */
export function loadProject(options: LoadProjectOptions, fs: FileSystemPort, parsed?: DbtProjectFile, hooks: { onManifest?: (manifest: Manifest) => void } = {}): LoadedProject {
  const projectDir = path.resolve(options.projectDir);
  const projectFile = path.join(projectDir, 'dbt_project.yml');
  if (parsed === undefined && !fs.exists(projectFile)) {
    throw new InputError('dbt-project', `${projectFile}: not found. Point --project-dir at the folder that holds dbt_project.yml.`, { file: projectFile });
  }
  const dbtProject = parsed ?? parseDbtProject(readText(fs, projectFile, 'dbt_project.yml'), projectFile);
  const targetDir = path.resolve(projectDir, options.targetPath ?? dbtProject.targetPath);
  const manifestPath = path.resolve(options.manifestPath ?? path.join(targetDir, 'manifest.json'));
  const manifest = parseManifest(readText(fs, manifestPath, 'manifest', manifestAdvice(projectDir)), manifestPath);
  hooks.onManifest?.(manifest);
  const warnings: string[] = [];

  let catalog: Catalog | undefined;
  const catalogPath = options.catalogPath ? path.resolve(options.catalogPath) : path.join(targetDir, 'catalog.json');
  if (options.catalogPath || fs.exists(catalogPath)) {
    catalog = parseCatalog(readText(fs, catalogPath, 'catalog', ' Run `dbt docs generate` to write it, or leave --catalog-path out to go without.'), catalogPath);
  }

  const wanted = new Set([...manifest.nodes.values()].map((n) => n.packageName));
  if (!wanted.has(dbtProject.name)) {
    warnings.push(`${manifestPath} has no node of project '${dbtProject.name}' (${projectFile}): nothing can be written. Is the manifest from this project?`);
  }
  const packages = locatePackages(fs, { name: dbtProject.name, dir: projectDir, project: dbtProject }, manifestPath, wanted);
  const schemaFiles = new Map<string, SchemaFile>();
  const unreadable = new Map<string, { error: YamlInputError; pkg: string }>();
  const filesByPackage = new Map<string, SchemaFile[]>();
  for (const pkg of packages.values()) {
    const before = new Set(schemaFiles.keys());
    readSchemaFiles(fs, pkg, projectDir, schemaFiles, unreadable);
    filesByPackage.set(pkg.name, [...schemaFiles.entries()].filter(([k]) => !before.has(k)).map(([, f]) => f));
  }

  for (const node of manifest.nodes.values()) if (node.packageName === dbtProject.name) assertPatchInside(node, projectDir, manifestPath);

  const entries = new Map<string, EntryLocation>();
  const indexes = new Map<string, Map<string, EntryLocation>>();
  for (const [pkg, files] of filesByPackage) indexes.set(pkg, indexEntries(files, pkg, pkg === dbtProject.name));
  for (const node of manifest.nodes.values()) {
    const found = indexes.get(node.packageName)?.get(nodeKey(node));
    if (found) entries.set(node.uniqueId, found);
  }
  return {
    projectDir,
    dbtProject,
    manifest,
    ...(catalog ? { catalog } : {}),
    writablePackage: dbtProject.name,
    packages,
    schemaFiles,
    entries,
    warnings,
    unreadableFiles: describeUnreadable(unreadable, manifest, projectDir, packages, dbtProject.name),
  };
}
