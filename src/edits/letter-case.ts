import type { SchemaFile } from '../yaml/types.js';

/** The case of the letters in a name or type, when it is all one case. */
export type LetterCase = 'lower' | 'upper';

/** How a schema file spells column names and `data_type` values (`mixed`: no one case; left as is). */
export interface CaseHabit {
  names?: LetterCase | 'mixed';
  types?: LetterCase | 'mixed';
}

function caseOf(text: string): LetterCase | 'mixed' | undefined {
  const lower = text.toLowerCase();
  const upper = text.toUpperCase();
  if (lower === upper) return undefined;
  if (text === lower) return 'lower';
  if (text === upper) return 'upper';
  return 'mixed';
}

/** The one case every text with letters uses; `mixed` when they differ; undefined when none has letters. */
export function commonCase(texts: Iterable<string>): LetterCase | 'mixed' | undefined {
  let found: LetterCase | undefined;
  for (const text of texts) {
    const here = caseOf(text);
    if (here === undefined) continue;
    if (here === 'mixed' || (found !== undefined && found !== here)) return 'mixed';
    found = here;
  }
  return found;
}

/** The case habit of some schema files, from the column names and `data_type` values they hold. */
export function caseHabitOf(files: Iterable<SchemaFile>): CaseHabit {
  const names: string[] = [];
  const types: string[] = [];
  for (const file of files) {
    for (const entry of file.entries) {
      for (const column of entry.columns) {
        names.push(column.name);
        if (column.dataType !== undefined) types.push(column.dataType);
      }
    }
  }
  const nameCase = commonCase(names);
  const typeCase = commonCase(types);
  return { ...(nameCase ? { names: nameCase } : {}), ...(typeCase ? { types: typeCase } : {}) };
}

/**
 * The habit that applies to one file: its own where it has columns (or types) to learn from, else
 * the project's. Types with nothing to learn from follow the names' case (a lowercase project
 * that writes no `data_type` yet gets `data_type: varchar`).
 */
export function effectiveHabit(file: CaseHabit, project: CaseHabit): CaseHabit {
  const names = file.names ?? project.names;
  const types = file.types ?? project.types ?? names;
  return { ...(names ? { names } : {}), ...(types ? { types } : {}) };
}

/**
 * `text` in the `target` case. Without `forced`, only a text spelled all in one case changes (that
 * is how a warehouse folds unquoted names, e.g. Snowflake's `CUSTOMER_ID`); a mixed-case name is
 * a quoted identifier someone chose, and changing it would change which column it names.
 */
export function toCase(text: string, target: LetterCase | 'mixed' | undefined, forced = false): string {
  if (target === undefined || target === 'mixed') return text;
  const here = caseOf(text);
  if (here === undefined || here === target || (here === 'mixed' && !forced)) return text;
  return target === 'lower' ? text.toLowerCase() : text.toUpperCase();
}
