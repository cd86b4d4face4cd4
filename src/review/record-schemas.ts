import { z } from 'zod';
import { PROPOSAL_STATUSES, type AuditRecord, type Proposal } from './types.js';

/** Lines of the store are checked on read: a hand-edited or merge-mangled line is skipped, not trusted. */
const generation = z.object({
  provider: z.string(),
  model: z.string(),
  promptSha256: z.string(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number().nullable(),
  cached: z.boolean(),
});

const context = z.object({
  sqlExcerpt: z.string().optional(),
  upstreamDocs: z.array(z.object({ node: z.string(), column: z.string().optional(), text: z.string() })).optional(),
  dataType: z.string().optional(),
  sampleRows: z.array(z.array(z.string())).optional(),
  resourceType: z.string().optional(),
});

export const proposalSchema: z.ZodType<Proposal> = z.object({
  id: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 hex id'),
  node: z.string().min(1),
  path: z.string(),
  field: z.string().regex(/^(description|columns\..+\.description)$/, "'description' or 'columns.<name>.description'"),
  original: z.string().nullable(),
  proposed: z.string(),
  current: z.string(),
  status: z.enum(PROPOSAL_STATUSES as [Proposal['status'], ...Proposal['status'][]]),
  revision: z.number().int().nonnegative(),
  inheritedBy: z.array(z.object({ node: z.string(), column: z.string(), placeBefore: z.array(z.string()).optional() })),
  placeBefore: z.array(z.string()).optional(),
  generation,
  context,
  createdAt: z.string(),
  createdBy: z.string(),
  reviewedAt: z.string().optional(),
  reviewedBy: z.string().optional(),
  appliedAt: z.string().optional(),
  appliedText: z.string().optional(),
  appliedTo: z
    .array(
      z.object({
        node: z.string(),
        column: z.string().optional(),
        path: z.string(),
        before: z.string().nullable(),
        meta: z.object({ key: z.enum(['meta', 'config.meta']), created: z.string().optional(), added: z.array(z.string()), replaced: z.record(z.string(), z.unknown()) }).optional(),
      }),
    )
    .optional(),
  note: z.string().optional(),
});

export const auditSchema: z.ZodType<AuditRecord> = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.enum(['propose', 'approve', 'edit', 'reject', 'apply', 'rollback', 'stale']),
  id: z.string(),
  node: z.string(),
  field: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  note: z.string().optional(),
});
