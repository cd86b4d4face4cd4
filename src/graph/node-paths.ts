import { posix } from 'node:path';
import type { DbtNode } from '../project/manifest/types.js';
import { hasWildcard, patternToRegExp } from './fnmatch.js';

/** Where the project and its packages are, for matching paths lexically (no file system). */
export interface PathContext {
  /** The dbt project directory (absolute, or relative to `cwd`). */
  projectDir: string;
  /** Absolute directory that relative positional paths start from. */
  cwd: string;
  /** Package name → its directory relative to `projectDir` (`''` for the root project). */
  packageDirs: ReadonlyMap<string, string>;
}

function slashes(p: string): string {
  return p.replace(/\\/g, '/');
}

/** `models/./a/` → `models/a`; the project root is `''`. */
export function normalizeRelative(p: string): string {
  const n = posix.normalize(slashes(p)).replace(/\/+$/, '');
  return n === '.' ? '' : n;
}

/**
 * `path` resolved against `base` (an absolute dir), made relative to the project dir. Undefined
 * when it points outside the project.
 */
export function toProjectPath(path: string, base: string, ctx: PathContext): string | undefined {
  const cwd = slashes(ctx.cwd);
  const project = posix.resolve(cwd, slashes(ctx.projectDir));
  const absolute = posix.resolve(posix.resolve(cwd, base), slashes(path));
  const rel = posix.relative(project, absolute);
  if (rel === '..' || rel.startsWith('../') || posix.isAbsolute(rel)) return undefined;
  return rel;
}

/** The node's defining file and its schema YAML, relative to the project dir. */
export function nodeFilePaths(node: DbtNode, packageDirs: ReadonlyMap<string, string>): string[] {
  const paths: string[] = [];
  const dir = packageDirs.get(node.packageName);
  if (dir !== undefined) paths.push(normalizeRelative(posix.join(slashes(dir), slashes(node.originalFilePath))));
  if (node.patchPath !== undefined) {
    const sep = node.patchPath.indexOf('://');
    const pkg = sep === -1 ? node.packageName : node.patchPath.slice(0, sep);
    const file = sep === -1 ? node.patchPath : node.patchPath.slice(sep + 3);
    const patchDir = packageDirs.get(pkg);
    if (patchDir !== undefined) {
      const p = normalizeRelative(posix.join(slashes(patchDir), slashes(file)));
      if (!paths.includes(p)) paths.push(p);
    }
  }
  return paths;
}

/**
 * Whether `file` is `target` or lies under the directory `target` (`''` = the project root).
 * A target with wildcards is a glob tested against the file and each of its parent dirs.
 */
export function pathMatches(file: string, target: string): boolean {
  if (hasWildcard(target)) {
    const re = patternToRegExp(target, true);
    for (let p = file; p !== '' && p !== '.'; p = posix.dirname(p)) {
      if (re.test(p)) return true;
    }
    return false;
  }
  return target === '' || file === target || file.startsWith(`${target}/`);
}

/** The root project's package name: the one whose dir is the project dir. */
export function rootPackage(packageDirs: ReadonlyMap<string, string>): string | undefined {
  for (const [name, dir] of packageDirs) if (normalizeRelative(dir) === '') return name;
  return undefined;
}
