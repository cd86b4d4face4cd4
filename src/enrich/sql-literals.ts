/**
 * String literals a node's SQL compares a column with: `status in ('placed', 'shipped')`,
 * `status = 'returned'`, `case when o.status = 'x'`. They are the only values, besides a seed's
 * CSV, that an `accepted_values` test may list: a model must never invent a domain.
 */

const LITERAL = /'((?:[^']|'')*)'/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Distinct literals compared with `column` (qualified or not), in order of first appearance. */
export function sqlLiteralsFor(sql: string, column: string): string[] {
  // Comments could hold example values that the SQL never compares with.
  const code = sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  const name = `(?:[\\w"\`\\]\\[]+\\.)?["\`\\[]?${escapeRegExp(column)}["\`\\]]?`;
  const found: string[] = [];
  const add = (value: string): void => {
    const text = value.replace(/''/g, "'");
    if (!found.includes(text)) found.push(text);
  };
  const inList = new RegExp(`(?<![\\w.])${name}\\s+(?:not\\s+)?in\\s*\\(([^()]*)\\)`, 'gi');
  for (const match of code.matchAll(inList)) {
    const list = match[1] ?? '';
    // Only lists made of string literals: `in (select ...)` or numbers say nothing about strings.
    if (!/^\s*'(?:[^']|'')*'(?:\s*,\s*'(?:[^']|'')*')*\s*$/.test(list)) continue;
    for (const literal of list.matchAll(LITERAL)) add(literal[1] ?? '');
  }
  const compare = new RegExp(`(?<![\\w.])${name}\\s*(?:=|!=|<>)\\s*'((?:[^']|'')*)'`, 'gi');
  for (const match of code.matchAll(compare)) add(match[1] ?? '');
  const reversed = new RegExp(`'((?:[^']|'')*)'\\s*(?:=|!=|<>)\\s*${name}(?![\\w])`, 'gi');
  for (const match of code.matchAll(reversed)) add(match[1] ?? '');
  return found;
}
