/**
 * What the fake LLM server answers: a valid object built from the JSON Schema it was sent, with
 * deterministic descriptions tests can predict (`fakeDescription`), and the answer faults
 * (missing/extra columns, placeholders). See fake-llm-server.ts for the whole contract.
 */

export type JsonSchema = Record<string, unknown>;

/** Text used by `{invalid: 'placeholder'}`: a placeholder that validation must reject. */
export const PLACEHOLDER_DESCRIPTION = 'Pending further documentation';

/** The plain-text answer when a request carries no schema. */
export const FAKE_TEXT_ANSWER = 'pong. This is a short answer from the fake LLM server.';

/** Rough token count the fake reports by default: ceil(characters / 4). */
export function roughTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

const TEMPLATES: readonly ((phrase: string, title: string) => string)[] = [
  (p) =>
    `The ${p} for each record, carried over from the upstream source so downstream models can filter, join and report on it.`,
  (p) =>
    `Holds the ${p} of the row as delivered by the source system, cleaned and typed for consistent use in analytics.`,
  (_p, t) =>
    `${t} describing this entity, used by analysts to group, compare and track records over time across reporting models.`,
];

const MODEL_DESCRIPTION =
  'This model brings together the upstream sources into one clean table with one row per record, ready for analysts and downstream models.';

/**
 * A realistic 15-25 word description derived only from `name` (snake_case or camelCase), so tests
 * can compute what the fake answered. `model_description` gets a fixed model-level sentence.
 */
export function fakeDescription(name: string): string {
  if (name === 'model_description') return MODEL_DESCRIPTION;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase())
    .slice(0, 5);
  const phrase = words.length > 0 ? words.join(' ') : 'value';
  const title = phrase.charAt(0).toUpperCase() + phrase.slice(1);
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const template = TEMPLATES[hash % TEMPLATES.length] ?? TEMPLATES[0]!;
  return template(phrase, title);
}

/**
 * An object that satisfies `schema`: every required property (all properties when `required` is
 * absent) is filled; strings get `describe(propertyName)`, objects recurse. A top-level
 * `description` property is described from `schemaName` instead (per-column answers would
 * otherwise all read alike).
 */
export function answerFromSchema(
  schema: JsonSchema,
  schemaName: string,
  describe: (name: string) => string = fakeDescription,
): unknown {
  return valueFor(schema, schemaName, describe, 0);
}

function valueFor(schema: JsonSchema, key: string, describe: (name: string) => string, depth: number): unknown {
  const variants = (schema['anyOf'] ?? schema['oneOf']) as JsonSchema[] | undefined;
  if (Array.isArray(variants) && variants[0]) return valueFor(variants[0], key, describe, depth);
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return schema['enum'][0];
  const rawType = schema['type'];
  const type = Array.isArray(rawType) ? rawType.find((t) => t !== 'null') : rawType;
  const properties = schema['properties'] as Record<string, JsonSchema> | undefined;
  if (type === 'object' || (type === undefined && properties)) {
    const out: Record<string, unknown> = {};
    const required = Array.isArray(schema['required'])
      ? (schema['required'] as string[])
      : Object.keys(properties ?? {});
    for (const name of required) {
      const sub = properties?.[name] ?? { type: 'string' };
      const describedAs = depth === 0 && name === 'description' ? key : name;
      out[name] = valueFor(sub, describedAs, describe, depth + 1);
    }
    return out;
  }
  switch (type) {
    case 'string':
      return describe(key);
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array': {
      const items = schema['items'] as JsonSchema | undefined;
      return items ? [valueFor(items, key, describe, depth + 1)] : [];
    }
    case 'null':
      return null;
    default:
      return describe(key);
  }
}

/** The object whose keys are "the columns": `answer.columns` when it is an object, else the answer. */
function columnHolder(answer: unknown): Record<string, unknown> | undefined {
  if (!isRecord(answer)) return undefined;
  return isRecord(answer['columns']) ? answer['columns'] : answer;
}

/** Removes the last `count` columns (or top-level keys for per-column answers). */
export function dropColumns(answer: unknown, count: number): void {
  const holder = columnHolder(answer);
  if (!holder) return;
  for (const key of Object.keys(holder).slice(-count)) delete holder[key];
}

/** Adds invented columns with plausible descriptions. */
export function addColumns(answer: unknown, names: readonly string[], describe = fakeDescription): void {
  const holder = columnHolder(answer);
  if (!holder) return;
  for (const name of names) holder[name] = describe(name);
}

/** Replaces every string in the answer with the placeholder text. */
export function replaceStrings(value: unknown, text: string): unknown {
  if (typeof value === 'string') return text;
  if (Array.isArray(value)) return value.map((v) => replaceStrings(v, text));
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStrings(v, text)]));
  }
  return value;
}

/**
 * Finds a JSON Schema embedded in prompt text (JSON-mode fallbacks put it in a system message):
 * the first `{…}` that parses and has `properties`.
 */
export function findEmbeddedSchema(text: string): JsonSchema | undefined {
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      const ch = text[i];
      if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) {
        try {
          const parsed: unknown = JSON.parse(text.slice(start, i + 1));
          if (isRecord(parsed) && isRecord(parsed['properties'])) return parsed;
        } catch {
          // not JSON: try the next brace
        }
        break;
      }
    }
  }
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
