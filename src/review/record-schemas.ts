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

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const suggestedTest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('not_null') }),
  z.object({ kind: z.literal('unique') }),
  z.object({ kind: z.literal('accepted_values'), values: z.array(scalar), source: z.string() }),
  z.object({ kind: z.literal('relationships'), toNode: z.string(), to: z.string(), field: z.string() }),
]);

const enrichment = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pii'), column: z.string(), category: z.string(), flagKey: z.string(), categoryKey: z.string() }),
  z.object({ kind: z.literal('tags'), column: z.string().optional(), tags: z.array(z.string()) }),
  z.object({ kind: z.literal('test'), column: z.string(), test: suggestedTest }),
  z.object({ kind: z.literal('purpose'), key: z.string() }),
]);

const enrichAdded = z.object({
  meta: z.object({ key: z.enum(['meta', 'config.meta']), added: z.array(z.string()) }).optional(),
  items: z.array(z.object({ key: z.string(), added: z.array(z.unknown()) })),
  created: z.array(z.string()),
});

export const proposalSchema: z.ZodType<Proposal> = z.object({
  id: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 hex id'),
  node: z.string().min(1),
  path: z.string(),
  field: z
    .string()
    .regex(
      /^(description|columns\..+\.description|tags|meta\..+|columns\..+\.(tags|meta\..+|tests\..+))$/,
      "'description', 'columns.<name>.description' or an enrichment field (spec/enrich.md)",
    ),
  enrichment: enrichment.optional(),
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
        enrich: enrichAdded.optional(),
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
