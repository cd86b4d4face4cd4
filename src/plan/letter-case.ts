import type { SchemaFile } from '../yaml/types.js';

/** The case of the letters in a name or type, when it is all one case. */
export type LetterCase = 'lower' | 'upper';

/** How a schema file spells column names and `data_type` values. */
export interface CaseHabit {
  names?: LetterCase;
  types?: LetterCase;
}

function caseOf(text: string): LetterCase | 'mixed' | undefined {
  const lower = text.toLowerCase();
  const upper = text.toUpperCase();
  if (lower === upper) return undefined;
  if (text === lower) return 'lower';
  if (text === upper) return 'upper';
  return 'mixed';
}

/** The one case every text with letters uses; undefined when they mix cases or none has letters. */
export function commonCase(texts: Iterable<string>): LetterCase | undefined {
  let found: LetterCase | undefined;
  for (const text of texts) {
    const here = caseOf(text);
    if (here === undefined) continue;
    if (here === 'mixed' || (found !== undefined && found !== here)) return undefined;
    found = here;
  }
  return found;
}

/**
 * The case habit of some schema files, from the columns they declare. Types follow the names'
 * case when no `data_type` is written yet (a lowercase file gets `data_type: varchar`).
 */
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
  const typeCase = types.length > 0 ? commonCase(types) : nameCase;
  return { ...(nameCase ? { names: nameCase } : {}), ...(typeCase ? { types: typeCase } : {}) };
}

/**
 * `text` in the `target` case. Without `forced`, only a text spelled all in one case changes (that
 * is how a warehouse folds unquoted names, e.g. Snowflake's `CUSTOMER_ID`); a mixed-case name is
 * a quoted identifier someone chose, and changing it would change which column it names.
 */
export function toCase(text: string, target: LetterCase | undefined, forced = false): string {
  if (target === undefined) return text;
  const here = caseOf(text);
  if (here === undefined || here === target || (here === 'mixed' && !forced)) return text;
  return target === 'lower' ? text.toLowerCase() : text.toUpperCase();
}
