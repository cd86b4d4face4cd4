/** The small request provider tests send: a system message, one user message, maybe a schema. */
import type { GenerateRequest, ResponseSchema } from '../../src/llm/types.js';

export const columnSchema: ResponseSchema = {
  name: 'customer_id',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['description'],
    properties: { description: { type: 'string' } },
  },
};

export const sampleRequest = (schema?: ResponseSchema): GenerateRequest => ({
  messages: [
    { role: 'system', content: 'You document dbt models.' },
    { role: 'user', content: 'Describe the customer_id column.' },
  ],
  maxOutputTokens: 300,
  ...(schema ? { responseSchema: schema } : {}),
});
