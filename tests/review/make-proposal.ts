/** Proposals for store tests, with the store's own id rule. */
import { proposalId } from '../../src/review/proposal-id.js';
import type { Proposal } from '../../src/review/types.js';

export function makeProposal(node: string, field: string, text: string, overrides: Partial<Proposal> = {}): Proposal {
  return {
    id: proposalId(node, field, text),
    node,
    path: 'models/schema.yml',
    field,
    original: null,
    proposed: text,
    current: text,
    status: 'pending',
    revision: 0,
    inheritedBy: [],
    generation: { provider: 'openai', model: 'gpt-4o-mini', promptSha256: 'a'.repeat(64), inputTokens: 100, outputTokens: 20, costUsd: 0.0001, cached: false },
    context: { resourceType: 'model' },
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'Test',
    ...overrides,
  };
}
