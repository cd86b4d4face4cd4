import { InputError } from '../../errors.js';
import { parseJsonFile } from './parse-json-file.js';

/**
 * A dbt artifact (manifest.json, catalog.json) read member by member instead of in one
 * `JSON.parse`. At 10,000 models the manifest is a 30 MB tree whose nodes all live until the last
 * one is parsed: the young generation copies each of them twice and promotes them, and the old
 * generation then holds them as garbage until a major collection. Parsed one entry at a time, a
 * node's raw object dies young right after it is read (measured on a 33 MB manifest: 255 ms against
 * 425 ms, and 105 MB peak RSS against 157 MB).
 *
 * The text is scanned once for the top-level members and, for an object member, its entries: the
 * scan follows strings (and their escapes) and brackets, so it finds where each value ends without
 * building it. Each value a caller asks for is then given to `JSON.parse`, which checks it fully.
 * Members no caller reads (macros, parent and child maps...) are checked by `checkRest`, entry by
 * entry and dropped: an invalid manifest is still refused wherever its flaw is. Where the scan does
 * not see exactly one JSON object, or a value fails to parse, the whole text goes through
 * `parseJsonFile`, whose error names the file, the line and the column; a text the scan cannot
 * follow but `JSON.parse` reads is read whole.
 */
export interface JsonArtifact {
  /** The text is a JSON object (an array, say, has no members; `root` is then what it is). */
  readonly isObject: boolean;
  /** The parsed text when it is not an object, for a shape check's message. */
  readonly root?: unknown;
  /** Read member by member; false when the scan could not follow the text and it was parsed whole. */
  readonly scanned: boolean;
  /** A top-level member's value; undefined when the member is absent. */
  member(key: string): unknown;
  /**
   * A top-level member as a shape check sees it: `{}` for an object (its entries come from
   * `entries`), else the value itself. Lets a schema check the envelope without the whole tree.
   */
  shallow(key: string): unknown;
  /**
   * The entries of a top-level member that is an object, each value parsed when the iteration
   * reaches it; empty when the member is absent or not an object. A key given twice counts once,
   * with its last value, in its first place (as `JSON.parse` does).
   */
  entries(key: string): Iterable<[string, unknown]>;
  /**
   * Parses, entry by entry, every member no `member` call or whole `entries` walk has read, and
   * drops it: throws the error `parseJsonFile` gives when one is not valid JSON.
   */
  checkRest(): void;
}

interface Span {
  start: number;
  end: number;
}

/** Reads `text` (the contents of `file`, a dbt `what`: 'manifest' or 'catalog'). */
export function readJsonArtifact(text: string, file: string, what: string): JsonArtifact {
  const members = scanObject(text, 0, text.length);
  if (!members) return wholeArtifact(parseJsonFile(text, file, what));
  const parse = (span: Span): unknown => {
    try {
      return JSON.parse(text.slice(span.start, span.end));
    } catch (error) {
      // parseJsonFile words the error with its place in the file.
      parseJsonFile(text, file, what);
      throw new InputError(`${what}-invalid-json`, `${file}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { file });
    }
  };
  const isObject = (span: Span | undefined): span is Span => span !== undefined && text.charCodeAt(span.start) === OPEN_BRACE;
  // Members whose every value has been through JSON.parse.
  const checked = new Set<string>();
  function* entriesOf(span: Span): Generator<[string, unknown]> {
    const entries = scanObject(text, span.start, span.end);
    // The top-level scan balanced this object's brackets; a flaw inside it is JSON.parse's to name.
    if (!entries) {
      yield* Object.entries(parse(span) as Record<string, unknown>);
      return;
    }
    for (const [id, value] of entries) yield [id, parse(value)];
  }
  return {
    isObject: true,
    scanned: true,
    member(key) {
      const span = members.get(key);
      if (span === undefined) return undefined;
      const value = parse(span);
      checked.add(key);
      return value;
    },
    shallow(key) {
      const span = members.get(key);
      if (span === undefined) return undefined;
      if (isObject(span)) return {};
      const value = parse(span);
      checked.add(key);
      return value;
    },
    *entries(key) {
      const span = members.get(key);
      if (!isObject(span)) return;
      yield* entriesOf(span);
      checked.add(key);
    },
    checkRest() {
      for (const [key, span] of members) {
        if (checked.has(key)) continue;
        // Entry by entry, so no large tree is built only to be dropped.
        if (isObject(span)) for (const entry of entriesOf(span)) void entry;
        else parse(span);
        checked.add(key);
      }
    },
  };
}

/** The artifact from a tree `JSON.parse` built whole (the scan could not follow the text). */
function wholeArtifact(json: unknown): JsonArtifact {
  const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
  const root = isObject(json) ? json : {};
  return {
    isObject: isObject(json),
    scanned: false,
    ...(isObject(json) ? {} : { root: json }),
    member: (key) => (Object.hasOwn(root, key) ? root[key] : undefined),
    shallow: (key) => {
      const value = Object.hasOwn(root, key) ? root[key] : undefined;
      return isObject(value) ? {} : value;
    },
    entries: (key) => {
      const value = Object.hasOwn(root, key) ? root[key] : undefined;
      return isObject(value) ? Object.entries(value) : [];
    },
    // JSON.parse read the whole text.
    checkRest: () => undefined,
  };
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

function skipWhitespace(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else break;
  }
  return i;
}

/** Index of the quote closing the string that opens at `i`, or -1 before `end`. */
function stringEnd(text: string, i: number, end: number): number {
  for (let j = text.indexOf('"', i + 1); j >= 0 && j < end; j = text.indexOf('"', j + 1)) {
    let k = j - 1;
    while (text.charCodeAt(k) === BACKSLASH) k--;
    // An even number of backslashes before it: the quote is not escaped.
    if ((j - 1 - k) % 2 === 0) return j;
  }
  return -1;
}

/** End (exclusive) of the value starting at `i`, or -1 when its brackets or strings do not close before `end`. */
function valueEnd(text: string, i: number, end: number): number {
  const first = text.charCodeAt(i);
  if (first === QUOTE) {
    const close = stringEnd(text, i, end);
    return close < 0 ? -1 : close + 1;
  }
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    // A number or a literal: up to the next delimiter (JSON.parse checks it when it is read).
    let j = i;
    while (j < end) {
      const c = text.charCodeAt(j);
      if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === 32 || c === 10 || c === 13 || c === 9) break;
      j++;
    }
    return j > i ? j : -1;
  }
  // Closers expected, innermost last.
  const closers: number[] = [];
  for (let j = i; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) {
      j = stringEnd(text, j, end);
      if (j < 0) return -1;
    } else if (c === OPEN_BRACE) {
      closers.push(CLOSE_BRACE);
    } else if (c === OPEN_BRACKET) {
      closers.push(CLOSE_BRACKET);
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (closers.pop() !== c) return -1;
      if (closers.length === 0) return j + 1;
    }
  }
  return -1;
}

/**
 * The members of the object spanning `start`..`end` (whitespace around it allowed, nothing else),
 * by key; undefined when the text there is not an object as far as the scan sees.
 */
function scanObject(text: string, start: number, end: number): Map<string, Span> | undefined {
  let i = skipWhitespace(text, start, end);
  if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
  i = skipWhitespace(text, i + 1, end);
  const members = new Map<string, Span>();
  if (text.charCodeAt(i) === CLOSE_BRACE) return skipWhitespace(text, i + 1, end) === end ? members : undefined;
  for (;;) {
    if (i >= end || text.charCodeAt(i) !== QUOTE) return undefined;
    const keyEnd = stringEnd(text, i, end);
    if (keyEnd < 0) return undefined;
    let key: string;
    try {
      key = JSON.parse(text.slice(i, keyEnd + 1)) as string;
    } catch {
      return undefined;
    }
    i = skipWhitespace(text, keyEnd + 1, end);
    if (text.charCodeAt(i) !== COLON) return undefined;
    i = skipWhitespace(text, i + 1, end);
    const after = i < end ? valueEnd(text, i, end) : -1;
    if (after < 0) return undefined;
    // Map.set keeps a repeated key in its first place with its last value, as JSON.parse does.
    members.set(key, { start: i, end: after });
    i = skipWhitespace(text, after, end);
    const c = text.charCodeAt(i);
    if (i < end && c === COMMA) {
      i = skipWhitespace(text, i + 1, end);
      continue;
    }
    if (i < end && c === CLOSE_BRACE) return skipWhitespace(text, i + 1, end) === end ? members : undefined;
    return undefined;
  }
}
