/**
 * A small dbt project with pending proposals in `.osmosis/`, written line by line in the store's
 * format, for tests that need a review store without running an LLM.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { proposalId } from '../../src/review/proposal-id.js';
import type { AuditRecord, Proposal } from '../../src/review/index.js';
import { writeMiniProject } from '../helpers/mini-project.js';

export interface SeedProposal {
  node: string;
  field: string;
  text: string;
  path?: string;
  inheritedBy?: { node: string; column: string }[];
  dataType?: string;
}

const CREATED = '2026-11-27T09:00:00.000Z';

export function proposalRecord(s: SeedProposal, i: number): Proposal {
  return {
    id: proposalId(s.node, s.field, s.text),
    node: s.node,
    path: s.path ?? 'models/schema.yml',
    field: s.field,
    original: null,
    proposed: s.text,
    current: s.text,
    status: 'pending',
    revision: 0,
    inheritedBy: s.inheritedBy ?? [],
    generation: { provider: 'openai', model: 'gpt-4o-mini', promptSha256: 'a'.repeat(64), inputTokens: 400 + i, outputTokens: 30, costUsd: 0.00008, cached: false },
    context: {
      sqlExcerpt: `select customer_id, email, first_name\nfrom {{ ref('stg_customers') }}`,
      upstreamDocs: [{ node: 'source.mini.raw.customers', column: 'customer_id', text: 'The id of a customer in the shop.' }],
      dataType: s.dataType ?? 'TEXT',
      resourceType: s.node.split('.')[0] ?? 'model',
    },
    createdAt: CREATED,
    createdBy: 'osmosis-ts',
  };
}

/** Writes the store files: one line per proposal and its `propose` audit record. */
export function writeStore(dir: string, proposals: Proposal[]): void {
  mkdirSync(path.join(dir, '.osmosis'), { recursive: true });
  writeFileSync(path.join(dir, '.osmosis/proposals.jsonl'), proposals.map((p) => `${JSON.stringify(p)}\n`).join(''));
  const audit: AuditRecord[] = proposals.map((p) => ({ at: CREATED, actor: 'osmosis-ts', action: 'propose', id: p.id, node: p.node, field: p.field, before: null, after: p.proposed }));
  writeFileSync(path.join(dir, '.osmosis/audit.jsonl'), audit.map((a) => `${JSON.stringify(a)}\n`).join(''));
}

/**
 * Two models, stg_customers → customers, with nothing documented, and one pending proposal per
 * field (customers' columns inherit from stg_customers, as a `--review` run records them).
 */
export function seedReviewProject(): { dir: string; proposals: Proposal[] } {
  const dir = writeMiniProject([
    { name: 'stg_customers', columns: [{ name: 'customer_id', type: 'INTEGER' }, { name: 'email' }, { name: 'first_name' }] },
    { name: 'customers', deps: ['stg_customers'], columns: [{ name: 'customer_id', type: 'INTEGER' }, { name: 'email' }, { name: 'lifetime_value', type: 'NUMERIC' }] },
  ]);
  const stg = 'model.mini.stg_customers';
  const cust = 'model.mini.customers';
  const specs: SeedProposal[] = [
    { node: stg, field: 'description', text: 'One row per customer, cleaned from the raw shop export.' },
    { node: stg, field: 'columns.customer_id.description', text: 'The id of a customer in the shop.', dataType: 'INTEGER', inheritedBy: [{ node: cust, column: 'customer_id' }] },
    { node: stg, field: 'columns.email.description', text: 'The email address the customer signed up with.', inheritedBy: [{ node: cust, column: 'email' }] },
    { node: stg, field: 'columns.first_name.description', text: 'The first name of the customer.' },
    { node: cust, field: 'description', text: 'Customers with their lifetime value.' },
    { node: cust, field: 'columns.lifetime_value.description', text: 'Total amount the customer has paid, in dollars.', dataType: 'NUMERIC' },
  ];
  const proposals = specs.map(proposalRecord);
  writeStore(dir, proposals);
  return { dir, proposals };
}

/** `count` pending proposals over count/10 nodes (`m000_orders`…), ten fields each: for the virtual list. */
export function seedManyProposals(count: number): { dir: string; proposals: Proposal[] } {
  const dir = writeMiniProject([{ name: 'raw', columns: [{ name: 'id' }] }]);
  const proposals: Proposal[] = [];
  for (let i = 0; i < count; i++) {
    const node = `model.mini.m${String(Math.floor(i / 10)).padStart(3, '0')}_orders`;
    const field = i % 10 === 0 ? 'description' : `columns.col_${i % 10}.description`;
    proposals.push(proposalRecord({ node, field, text: `Amount ${i % 10} of the order, in cents.`, path: `models/area_${Math.floor(i / 10) % 5}/schema.yml` }, i));
  }
  writeStore(dir, proposals);
  return { dir, proposals };
}
