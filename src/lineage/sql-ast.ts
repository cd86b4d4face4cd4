/**
 * Small readers over sqlparser-rs's serialized AST (externally tagged enums: `{"Select": {...}}`).
 * The AST is plain JSON from the WASM module, so it is read defensively: a shape not recognized
 * here makes the caller say "unknown" rather than guess.
 */
export type Json = unknown;
export type JsonObject = Record<string, unknown>;

export function isObject(v: Json): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The single tag and payload of an enum value, e.g. `{"Identifier": {...}}` → ['Identifier', {...}]. */
export function variant(v: Json): [string, Json] | undefined {
  if (typeof v === 'string') return [v, undefined];
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const key = keys[0] as string;
  return [key, v[key]];
}

export function field(v: Json, name: string): Json {
  return isObject(v) ? v[name] : undefined;
}

export function list(v: Json): Json[] {
  return Array.isArray(v) ? v : [];
}

/** An `Ident`'s value, lower-cased (names match case-insensitively, like inheritance does). */
export function identName(v: Json): string | undefined {
  const value = field(v, 'value');
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}

/** An `ObjectName` (a list of `{"Identifier": Ident}` parts, or plain Idents in older shapes) as lower-cased parts. */
export function objectNameParts(v: Json): string[] | undefined {
  const parts: string[] = [];
  for (const part of list(v)) {
    const tagged = variant(part);
    const name = tagged && tagged[0] === 'Identifier' ? identName(tagged[1]) : identName(part);
    if (name === undefined) return undefined;
    parts.push(name);
  }
  return parts.length > 0 ? parts : undefined;
}

/** Every identifier `value` below `v` (for `* exclude (...)` / `* except (...)` lists). */
export function allIdentNames(v: Json): string[] {
  if (Array.isArray(v)) return v.flatMap(allIdentNames);
  if (!isObject(v)) return [];
  const own = typeof v.value === 'string' ? [v.value.toLowerCase()] : [];
  return [...own, ...Object.entries(v).filter(([k]) => k !== 'value').flatMap(([, x]) => allIdentNames(x))];
}
