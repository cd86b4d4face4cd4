/** Why a schema file that dbt accepts still deserves a person's attention. */
export type YamlDiagnosticCode = 'duplicate-key' | 'quoted-scalar-indent';

/**
 * Something read from a schema file the way dbt reads it, but worth a warning. Data, so the CLI
 * formats it (text or JSON) and the library caller decides what to do.
 */
export interface YamlDiagnostic {
  code: YamlDiagnosticCode;
  /** Path relative to the project dir. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
}

/** 1-based line and column of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
