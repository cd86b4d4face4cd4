import { InputError } from '../../errors.js';

/** 1-based line and column of a character offset, for error messages. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * JSON.parse with an error that names the file, the line and what went wrong, and that
 * recognises the classic broken artifact: two JSON documents written back to back.
 */
export function parseJsonFile(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const position = /position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : undefined;
    const where = offset === undefined ? '' : (() => {
      const { line, column } = lineColumnAt(text, offset);
      return ` at line ${line}, column ${column}`;
    })();
    if (/non-whitespace character after JSON/i.test(message)) {
      throw new InputError(
        `${what}-invalid-json`,
        `${file}: not a valid ${what}: it holds more than one JSON document (a second one starts${where}). ` +
          `The file was probably appended to instead of overwritten; regenerate it (e.g. \`dbt parse\`).`,
        { file },
      );
    }
    if (text.trim() === '') {
      throw new InputError(`${what}-invalid-json`, `${file}: the ${what} is empty; regenerate it (e.g. \`dbt parse\`).`, { file });
    }
    const truncated = /end of (JSON )?input|Unterminated/i.test(message);
    throw new InputError(
      `${what}-invalid-json`,
      `${file}: not valid JSON${where}: ${message}${truncated ? ' (the file looks truncated; regenerate it)' : ''}`,
      { file },
    );
  }
}
