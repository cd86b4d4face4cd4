/**
 * JSON Schemas sent with each request. Providers enforce them (OpenAI strict json_schema,
 * Anthropic forced tool input), which also bounds what an injected instruction could make the
 * model write: only descriptions of the columns asked for.
 */
import type { ResponseSchema } from '../../llm/types.js';

/** Default upper bound on one description's length, in characters. */
export const DEFAULT_MAX_DESCRIPTION_LENGTH = 1000;

/*
 * Length limits go in the description text, not `minLength`/`maxLength`: OpenAI's strict mode
 * rejects those keywords with a 400. validate-answer.ts enforces them.
 */
function descriptionProperty(maxLength: number): Record<string, unknown> {
  return { type: 'string', description: `Plain text, one or two sentences, at most ${maxLength} characters.` };
}

/**
 * Bulk answer: `{"model_description"?: string, "columns": {"<col>": string, ...}}`, where
 * `columns` requires exactly the asked columns and allows nothing else.
 */
export function bulkAnswerSchema(
  columns: readonly string[],
  withModelDescription: boolean,
  maxLength = DEFAULT_MAX_DESCRIPTION_LENGTH,
): ResponseSchema {
  const columnProperties: Record<string, unknown> = {};
  for (const name of columns) columnProperties[name] = descriptionProperty(maxLength);
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  if (withModelDescription) {
    properties.model_description = descriptionProperty(maxLength);
    required.push('model_description');
  }
  properties.columns = {
    type: 'object',
    properties: columnProperties,
    required: [...columns],
    additionalProperties: false,
  };
  required.push('columns');
  return {
    name: 'column_descriptions',
    schema: { type: 'object', properties, required, additionalProperties: false },
  };
}

/** Per-column and node-description answer: `{"description": string}`. */
export function descriptionAnswerSchema(
  maxLength = DEFAULT_MAX_DESCRIPTION_LENGTH,
): ResponseSchema {
  return {
    name: 'description',
    schema: {
      type: 'object',
      properties: { description: descriptionProperty(maxLength) },
      required: ['description'],
      additionalProperties: false,
    },
  };
}
