/**
 * The JSON Schema of an enrichment answer. Every choice is an enum built from the ask's
 * vocabulary, so a provider enforcing the schema cannot even express an invented tag, category,
 * accepted value or relationship target; validate-enrichment.ts checks again for those that do not.
 */
import type { ResponseSchema } from '../llm/types.js';
import type { ColumnAsk, EnrichAsk, TestCandidates } from './enrich-ask.js';

/** `pii_category` of a column that holds no personal data. */
export const NOT_PII = 'none';

function stringEnum(values: readonly string[]): Record<string, unknown> {
  return { type: 'string', enum: [...values] };
}

function testVariant(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'object',
    properties: { test: stringEnum([name]), ...extra },
    required: ['test', ...Object.keys(extra)],
    additionalProperties: false,
  };
}

/** The tagged union of the tests one column may get (discriminated by `test`). */
function testsSchema(candidates: TestCandidates): Record<string, unknown> {
  const variants: Record<string, unknown>[] = [];
  if (candidates.notNull) variants.push(testVariant('not_null'));
  if (candidates.unique) variants.push(testVariant('unique'));
  if (candidates.acceptedValues !== undefined) {
    variants.push(testVariant('accepted_values', { values: { type: 'array', items: stringEnum(candidates.acceptedValues.values) } }));
  }
  for (const r of candidates.relationships) variants.push(testVariant('relationships', { to: stringEnum([r.to]), field: stringEnum([r.field]) }));
  return {
    type: 'array',
    description: 'Data tests this column should pass in every load; an empty list when none is certain.',
    items: { anyOf: variants },
  };
}

function columnSchema(column: ColumnAsk, categories: readonly string[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  if (column.pii) properties.pii_category = { ...stringEnum([...categories, NOT_PII]), description: `The kind of personal data the column holds, or "${NOT_PII}".` };
  if (column.tags.length > 0) properties.tags = { type: 'array', items: stringEnum(column.tags), description: 'Tags that apply; usually none.' };
  if (column.tests !== undefined) properties.tests = testsSchema(column.tests);
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

/** `{"purpose"?, "tags"?, "columns"?: {"<col>": {"pii_category"?, "tags"?, "tests"?}}}`. */
export function enrichAnswerSchema(ask: EnrichAsk): ResponseSchema {
  const properties: Record<string, unknown> = {};
  if (ask.purpose) properties.purpose = { type: 'string', description: 'One or two plain sentences: the business question or process this node serves.' };
  if (ask.nodeTags.length > 0) properties.tags = { type: 'array', items: stringEnum(ask.nodeTags), description: 'Tags for the node itself; usually none.' };
  const columnProperties: Record<string, unknown> = {};
  for (const column of ask.columns) columnProperties[column.name] = columnSchema(column, ask.piiCategories);
  // Left out when no column is asked: an object without properties is refused by some strict modes.
  if (ask.columns.length > 0) properties.columns = { type: 'object', properties: columnProperties, required: ask.columns.map((c) => c.name), additionalProperties: false };
  return {
    name: 'enrichment',
    schema: { type: 'object', properties, required: Object.keys(properties), additionalProperties: false },
  };
}

/**
 * A description schema (bulk, column or node) with a part of the node's enrichment folded in,
 * under a required `enrichment` property: one request answers both (fold-enrichment.ts).
 */
export function foldedSchema(base: ResponseSchema, ask: EnrichAsk): ResponseSchema {
  const schema = base.schema as { properties: Record<string, unknown>; required: string[] };
  return {
    name: `${base.name}_and_enrichment`,
    schema: {
      ...base.schema,
      properties: { ...schema.properties, enrichment: enrichAnswerSchema(ask).schema },
      required: [...schema.required, 'enrichment'],
    },
  };
}
