/**
 * Compiled dbt SQL carries Jinja's blank lines and indentation: on real projects 15-25% of its
 * characters are whitespace runs, all paid as prompt tokens. This squeezes them without changing
 * what the SQL means: every run of blanks and line breaks becomes one space, except after a line
 * comment (`--`, or `#` in BigQuery and MySQL), where it becomes one line break (the comment must still end where it did). Nothing
 * inside a string literal, a quoted identifier, a dollar-quoted body or a comment is touched.
 * (A line break costs a token of its own; a space merges into the next word's token.)
 */

/** The SQL with insignificant whitespace squeezed; trimmed at both ends. */
export function compactSql(sql: string): string {
  const out: string[] = [];
  let i = 0;
  // A `--` comment runs to the end of its line: the line break after it must stay.
  let afterLineComment = false;
  const n = sql.length;
  while (i < n) {
    if (isBlank(sql[i] as string)) {
      let j = i;
      while (j < n && isBlank(sql[j] as string)) j++;
      out.push(afterLineComment ? '\n' : ' ');
      afterLineComment = false;
      i = j;
      continue;
    }
    const end = verbatimEnd(sql, i);
    afterLineComment = isLineComment(sql, i);
    out.push(sql.slice(i, end));
    i = end;
  }
  return out.join('').trim();
}

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

/**
 * Where the token starting at `i` ends, for tokens copied verbatim: quoted text, comments and
 * dollar-quoted bodies as a whole, anything else one character at a time. An unterminated quote
 * or comment runs to the end of the text, so its whitespace is kept rather than guessed at.
 */
function verbatimEnd(sql: string, i: number): number {
  const c = sql[i];
  const next = sql[i + 1];
  if (c === "'" || c === '"' || c === '`') return quotedEnd(sql, i, c);
  if (isLineComment(sql, i)) return lineEnd(sql, i);
  if (c === '/' && next === '*') {
    const close = sql.indexOf('*/', i + 2);
    return close === -1 ? sql.length : close + 2;
  }
  if (c === '$') {
    const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64));
    if (tag !== null) {
      const close = sql.indexOf(tag[0], i + tag[0].length);
      return close === -1 ? sql.length : close + tag[0].length;
    }
  }
  return i + 1;
}

/**
 * The end of a quoted string or identifier. A doubled quote is an escaped quote in every dialect;
 * a backslash escapes the next character in single-quoted strings of BigQuery, Snowflake,
 * Databricks and MySQL. Where a backslash is literal (standard PostgreSQL), a literal ending in
 * one ('C:\') pairs the following quotes the other way round; such SQL is rare, and the worst
 * outcome is squeezed blanks inside a later literal of the text the model reads.
 */
function quotedEnd(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (c === '\\' && quote === "'") {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

/**
 * `--`, and `#` as BigQuery and MySQL write line comments. A `#` that is not a comment (an
 * identifier character in some dialects) is then kept with its line as it was: less squeezed,
 * never changed. Jinja's `{#` and `#}` are not comment starts.
 */
function isLineComment(sql: string, i: number): boolean {
  const c = sql[i];
  if (c === '-') return sql[i + 1] === '-';
  return c === '#' && sql[i - 1] !== '{' && sql[i + 1] !== '}';
}

function lineEnd(sql: string, start: number): number {
  const newline = sql.indexOf('\n', start);
  return newline === -1 ? sql.length : newline;
}
