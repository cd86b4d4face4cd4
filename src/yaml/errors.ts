import { OsmosisError } from '../errors.js';
import type { YamlPath } from './types.js';

/** Why a schema file could not be read. */
export type YamlInputErrorCode = 'yaml-syntax' | 'yaml-duplicate-key' | 'yaml-shape';

/**
 * A schema file that is not valid YAML or not shaped like a dbt schema file. The message starts
 * with `file:line:column:` so editors and terminals can jump to it.
 */
export class YamlInputError extends OsmosisError {
  declare readonly code: YamlInputErrorCode;
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
    super(code, `${where}: ${problem}`);
    this.file = file;
    this.line = position?.line;
    this.column = position?.column;
  }
}

/** Why an edit could not be applied; the document is left untouched. */
export type YamlEditErrorCode = 'yaml-edit-missing-path' | 'yaml-edit-alias' | 'yaml-edit-duplicate-key' | 'yaml-edit-unsupported' | 'yaml-edit-conflict';

/**
 * An edit that addresses a node the engine cannot change safely (a shared anchor, a key written
 * twice): the file is left as it is. It comes from the user's YAML, so it is not a bug (exit 2).
 */
export class YamlEditError extends OsmosisError {
  declare readonly code: YamlEditErrorCode;
  readonly path: YamlPath;

  constructor(code: YamlEditErrorCode, path: YamlPath, problem: string) {
    super(code, `cannot edit ${formatYamlPath(path)}: ${problem}`);
    this.path = path;
  }
}

/** A file path that would be written outside the project directory. */
export class PathOutsideProjectError extends OsmosisError {
  declare readonly code: 'path-outside-project';
  readonly path: string;
  readonly projectDir: string;

  constructor(path: string, projectDir: string, reason: string) {
    super('path-outside-project', `refusing to write '${path}': ${reason} (project directory: ${projectDir})`);
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
