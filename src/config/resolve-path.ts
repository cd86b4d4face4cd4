import path from 'node:path';

/** Where relative paths of each layer are anchored. */
export interface PathBases {
  /** Flags and environment variables: the shell's working directory. */
  cwd: string;
  /** dbt_project.yml values: the project folder. */
  projectDir: string;
  homedir: string;
}

/** Resolves `value` against `base`, expanding a leading `~/`. */
export function resolvePath(value: string, base: string, homedir: string): string {
  if (value === '~') return homedir;
  if (value.startsWith('~/')) return path.join(homedir, value.slice(2));
  return path.resolve(base, value);
}

/** The folder relative values of this origin are read from. */
export function baseFor(originKind: string, bases: PathBases): string {
  return originKind === 'dbt_project.yml' ? bases.projectDir : bases.cwd;
}

/**
 * The default response cache: `$XDG_CACHE_HOME/osmosis-ts/llm-cache.sqlite`, else
 * `~/.cache/osmosis-ts/llm-cache.sqlite`. A relative XDG_CACHE_HOME is ignored, as the XDG spec says.
 */
export function defaultCachePath(env: Record<string, string | undefined>, homedir: string): string {
  const xdg = env['XDG_CACHE_HOME'];
  const root = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(homedir, '.cache');
  return path.join(root, 'osmosis-ts', 'llm-cache.sqlite');
}
