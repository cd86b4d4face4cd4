/** The parts of a node's enrichment ask its description requests carry, and how answers add up. */
import { describe, expect, it } from 'vitest';
import type { EnrichAsk } from '../../src/enrich/enrich-ask.js';
import { foldedSchema } from '../../src/enrich/enrich-answer-schema.js';
import { columnPart, mergeAnswers, mergeEnrichments, nodePart, residualAsk } from '../../src/enrich/fold-enrichment.js';
import { descriptionAnswerSchema } from '../../src/synthesis/plan/answer-schema.js';
import { validateEnrichment } from '../../src/enrich/validate-enrichment.js';

const ASK: EnrichAsk = {
  purpose: true,
  nodeTags: ['finance'],
  piiCategories: ['name', 'email'],
  columns: [
    { name: 'id', pii: false, tags: [], tests: { notNull: true, unique: true, relationships: [] } },
    { name: 'email', pii: true, tags: ['finance'] },
  ],
};
const RULES = { placeholders: [] };

describe('folding an enrichment ask', () => {
  it('splits the ask into column and node parts, and leaves the rest', () => {
    expect(columnPart(ASK, 'email')).toEqual({ purpose: false, nodeTags: [], piiCategories: ['name', 'email'], columns: [ASK.columns[1]] });
    expect(columnPart(ASK, 'described_elsewhere')).toBeUndefined();
    expect(nodePart(ASK)).toEqual({ purpose: true, nodeTags: ['finance'], piiCategories: ['name', 'email'], columns: [] });
    expect(nodePart({ ...ASK, purpose: false, nodeTags: [] })).toBeUndefined();

    const left = residualAsk(ASK, [columnPart(ASK, 'email')!]);
    expect(left).toEqual({ ...ASK, columns: [ASK.columns[0]] });
    const none = residualAsk(ASK, [columnPart(ASK, 'email')!, columnPart(ASK, 'id')!, nodePart(ASK)!]);
    expect(none).toMatchObject({ purpose: false, nodeTags: [], columns: [] });
  });

  it('answers of the parts add up to an answer of the whole ask', () => {
    const parts = [
      { purpose: 'Tracks sign-ups for the finance team.', tags: ['finance'] },
      { columns: { email: { pii_category: 'email', tags: [] } } },
      { columns: { id: { tests: [{ test: 'unique' }] } } },
    ];
    const whole = mergeAnswers(parts);
    const check = validateEnrichment(whole, 'model.p.users', ASK, RULES);
    expect(check.errors).toEqual([]);
    expect(check.enrichment).toEqual({
      nodeId: 'model.p.users',
      purpose: 'Tracks sign-ups for the finance team.',
      tags: ['finance'],
      columns: new Map<string, unknown>([['id', { tests: [{ kind: 'unique' }] }], ['email', { pii: { category: 'email' } }]]),
    });
    const merged = mergeEnrichments('model.p.users', [
      { nodeId: 'model.p.users', purpose: 'x', columns: new Map() },
      { nodeId: 'model.p.users', columns: new Map([['email', { pii: { category: 'email' } }]]) },
    ]);
    expect(merged).toEqual({ nodeId: 'model.p.users', purpose: 'x', columns: new Map([['email', { pii: { category: 'email' } }]]) });
  });

  it('a folded schema requires the description and the enrichment part', () => {
    const schema = foldedSchema(descriptionAnswerSchema(), columnPart(ASK, 'email')!);
    expect(schema.name).toBe('description_and_enrichment');
    expect(schema.schema).toMatchObject({
      required: ['description', 'enrichment'],
      additionalProperties: false,
      properties: { enrichment: { required: ['columns'], properties: { columns: { required: ['email'] } } } },
    });
  });
});
