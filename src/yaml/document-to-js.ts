import { Scalar, YAMLMap, YAMLSeq, isPair, type Document } from 'yaml';
import { YAML_TO_JS_OPTIONS } from './parse-yaml-text.js';

/*
 * `doc.toJS()` for the common schema file: mappings with scalar keys, sequences and scalars, no
 * alias and no merge key. The `yaml` package's converter checks every node for anchors, aliases,
 * merge keys and reviver arguments (a `String(i)` per sequence item), which on a project's
 * thousands of schema files was a measurable share of reading them. This builds the same values;
 * for any document with something else in it, it hands the whole document to `doc.toJS()`, so
 * an alias count or a merge is always the package's (tests/yaml/document-to-js.test.ts compares both).
 */

const NOT_PLAIN = Symbol('not plain');

function convert(node: unknown): unknown {
  if (node instanceof Scalar) return node.value;
  if (node === null) return null;
  if (node instanceof YAMLMap && Object.getPrototypeOf(node) === YAMLMap.prototype) return convertMap(node as YAMLMap<unknown, unknown>);
  if (node instanceof YAMLSeq && Object.getPrototypeOf(node) === YAMLSeq.prototype) return convertSeq(node as YAMLSeq<unknown>);
  return NOT_PLAIN;
}

function convertSeq(seq: YAMLSeq<unknown>): unknown {
  const out: unknown[] = [];
  for (const item of seq.items) {
    if (isPair(item)) return NOT_PLAIN;
    const value = convert(item);
    if (value === NOT_PLAIN) return NOT_PLAIN;
    out.push(value);
  }
  return out;
}

function convertMap(map: YAMLMap<unknown, unknown>): unknown {
  const out: Record<string, unknown> = {};
  for (const pair of map.items) {
    const key = pair.key;
    if (!(key instanceof Scalar)) return NOT_PLAIN;
    const raw: unknown = key.value;
    // A `<<` may be a merge key, and an object key (a timestamp) is stringified by the package.
    if (raw === '<<' || typeof raw === 'symbol' || (typeof raw === 'object' && raw !== null)) return NOT_PLAIN;
    const name = raw === null ? '' : String(raw);
    const value = convert(pair.value);
    if (value === NOT_PLAIN) return NOT_PLAIN;
    // As the package does: a key already there, or one an object inherits (`__proto__`,
    // `constructor`), becomes an own property instead of assigning through the prototype.
    if (name in out) Object.defineProperty(out, name, { value, writable: true, enumerable: true, configurable: true });
    else out[name] = value;
  }
  return out;
}

/** The document as plain JavaScript values, as `doc.toJS(YAML_TO_JS_OPTIONS)` gives it. */
export function documentToJs(doc: Document): unknown {
  const value = convert(doc.contents);
  return value === NOT_PLAIN ? doc.toJS(YAML_TO_JS_OPTIONS) : value;
}
