/**
 * Shell-style patterns as dbt uses them (Python's `fnmatch`, case-sensitive): `*` any run of
 * characters, `?` one character, `[abc]` / `[!abc]` a set. With `pathSegments`, `*` and `?` stop
 * at `/` and `**` spans directories, as in a glob.
 */
export function patternToRegExp(pattern: string, pathSegments = false): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      if (pathSegments && pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else {
          out += '.*';
        }
      } else {
        out += pathSegments ? '[^/]*' : '.*';
      }
    } else if (c === '?') {
      out += pathSegments ? '[^/]' : '.';
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
      } else {
        let body = pattern.slice(i + 1, close);
        const negate = body.startsWith('!');
        if (negate) body = body.slice(1);
        out += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
        i = close;
      }
    } else {
      out += c.replace(/[.+^${}()|\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`, 's');
}

/** Whether the text holds a pattern character. */
export function hasWildcard(text: string): boolean {
  return /[*?[\]]/.test(text);
}

const compiled = new Map<string, RegExp>();

/** `fnmatch.fnmatchcase(text, pattern)`. Patterns are compiled once (selection tests every node). */
export function fnmatch(text: string, pattern: string): boolean {
  if (!hasWildcard(pattern)) return text === pattern;
  let re = compiled.get(pattern);
  if (re === undefined) {
    if (compiled.size > 1000) compiled.clear();
    re = patternToRegExp(pattern);
    compiled.set(pattern, re);
  }
  return re.test(text);
}
