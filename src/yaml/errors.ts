import type { YamlPath } from './types.js';

/** Why a schema file could not be read. */
export type YamlInputErrorCode = 'yaml-syntax' | 'yaml-duplicate-key' | 'yaml-shape';

/**
 * A schema file that is not valid YAML or not shaped like a dbt schema file. The message starts
 * with `file:line:column:` so editors and terminals can jump to it.
 */
export class YamlInputError extends Error {
  override readonly name = 'YamlInputError';
  readonly code: YamlInputErrorCode;
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(
    code: YamlInputErrorCode,
    file: string,
    problem: string,
    position?: { line: number; column: number },
  ) {
    const where = position ? `${file}:${position.line}:${position.column}` : file;
    super(`${where}: ${problem}`);
    this.code = code;
    this.file = file;
    this.line = position?.line;
    this.column = position?.column;
  }
}

/** Why an edit could not be applied; the document is left untouched. */
export type YamlEditErrorCode = 'missing-path' | 'alias' | 'duplicate-key' | 'unsupported' | 'conflict';

/** An edit that addresses a node the engine cannot change safely. */
export class YamlEditError extends Error {
  override readonly name = 'YamlEditError';
  readonly code: YamlEditErrorCode;
  readonly path: YamlPath;

  constructor(code: YamlEditErrorCode, path: YamlPath, problem: string) {
    super(`cannot edit ${formatYamlPath(path)}: ${problem}`);
    this.code = code;
    this.path = path;
  }
}

/** A file path that would be written outside the project directory. */
export class PathOutsideProjectError extends Error {
  override readonly name = 'PathOutsideProjectError';
  readonly code = 'path-outside-project';
  readonly path: string;
  readonly projectDir: string;

  constructor(path: string, projectDir: string, reason: string) {
    super(`refusing to write '${path}': ${reason} (project directory: ${projectDir})`);
    this.path = path;
    this.projectDir = projectDir;
  }
}

/** `['models', 2, 'columns', 0]` → `models[2].columns[0]`. */
export function formatYamlPath(path: YamlPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '<root>' : out;
}
