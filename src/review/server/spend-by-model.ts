import type { Proposal } from '../types.js';

export interface ModelSpend {
  provider: string;
  model: string;
  proposals: number;
  inputTokens: number;
  outputTokens: number;
  /** Sum of the known costs; `unpriced` counts the proposals without one (never counted as 0). */
  costUsd: number;
  unpriced: number;
  cached: number;
}

/** Tokens and cost of the proposals per provider and model, most proposals first (the dashboard's spend table). */
export function spendByModel(proposals: Iterable<Proposal>): ModelSpend[] {
  const rows = new Map<string, ModelSpend>();
  for (const p of proposals) {
    const g = p.generation;
    const key = `${g.provider}\u0000${g.model}`;
    const row = rows.get(key) ?? { provider: g.provider, model: g.model, proposals: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unpriced: 0, cached: 0 };
    row.proposals += 1;
    row.inputTokens += g.inputTokens;
    row.outputTokens += g.outputTokens;
    if (g.costUsd === null) row.unpriced += 1;
    else row.costUsd += g.costUsd;
    if (g.cached) row.cached += 1;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => b.proposals - a.proposals);
}
