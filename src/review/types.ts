import type { EnrichAdded } from '../enrich/enrich-target.js';
import type { SuggestedTest } from '../enrich/types.js';

/**
 * The review module's shapes: proposals in `.osmosis/proposals.jsonl`, audit records in
 * `.osmosis/audit.jsonl`, and the store the CLI and the review page both use. User guide: docs/review.md.
 */

export type ProposalStatus = 'pending' | 'approved' | 'rejected' | 'applied' | 'rolled_back' | 'stale';

export const PROPOSAL_STATUSES: readonly ProposalStatus[] = ['pending', 'approved', 'rejected', 'applied', 'rolled_back', 'stale'];

/** How the text was produced: one standard shape, cost null when no price is known. */
export interface Generation {
  provider: string;
  model: string;
  promptSha256: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  cached: boolean;
}

/** What a reviewer needs to judge a text, stored with the proposal. */
export interface ProposalContext {
  sqlExcerpt?: string;
  upstreamDocs?: { node: string; column?: string; text: string }[];
  dataType?: string;
  sampleRows?: string[][];
  resourceType?: string;
}

/** A column that receives the proposal's text through inheritance when it is applied. */
export interface InheritedTarget {
  node: string;
  column: string;
  /** Keys the run added after where the text belongs: apply puts `description` before them (see `Proposal.placeBefore`). */
  placeBefore?: string[];
}

/** The meta keys apply wrote on a target (progenitor, mark), so rollback can take them out. */
export interface MetaChange {
  /** Where the mapping keeps its meta. */
  key: 'meta' | 'config.meta';
  /** The mapping key apply created (`meta`, `config.meta` or `config`): rollback removes it whole. */
  created?: string;
  /** Keys apply added to an existing meta mapping. */
  added: string[];
  /** Keys apply overwrote, with their values before. */
  replaced: Record<string, unknown>;
}

/** A place an applied text went: the node's description (no column) or one of its columns. */
export interface AppliedTarget {
  node: string;
  column?: string;
  /** The schema file written, relative to the project dir. */
  path: string;
  before: string | null;
  meta?: MetaChange;
  /** For an enrichment proposal: the keys and items apply added, which rollback takes out again. */
  enrich?: EnrichAdded;
}

/**
 * The typed value of an enrichment proposal (spec/enrich.md); `proposed` and `current` hold its
 * YAML text, for people and the page. Key names are kept as they were when proposed, so apply
 * writes what the reviewer saw.
 */
export type EnrichmentValue =
  | { kind: 'pii'; column: string; category: string; flagKey: string; categoryKey: string }
  | { kind: 'tags'; column?: string; tags: string[] }
  | { kind: 'test'; column: string; test: SuggestedTest }
  /** The text is the proposal's `current` (a reviewer may edit it). */
  | { kind: 'purpose'; key: string };

/** One machine-written text waiting for (or past) a person's decision. */
export interface Proposal {
  /** sha256 of node + field + proposed text: the same answer gives the same id on every run. */
  id: string;
  /** The node's unique_id. */
  node: string;
  /** The schema YAML file (relative to the project dir) the text goes to. */
  path: string;
  /**
   * `description` or `columns.<name>.description`; for enrichment `columns.<name>.meta.<pii flag>`,
   * `columns.<name>.tags`, `columns.<name>.tests.<test>`, `tags` or `meta.<purpose key>`.
   */
  field: string;
  /** Set on enrichment proposals only: what apply writes. */
  enrichment?: EnrichmentValue;
  /** The value when proposed (a placeholder or empty text), or null when there was none. */
  original: string | null;
  /**
   * Keys this run wrote into the target mapping that a direct `--synthesize` run would have put
   * after `description` (e.g. `columns` of a new entry): apply inserts `description` before the
   * first of them, so the file ends as a direct run would have written it.
   */
  placeBefore?: string[];
  /** The model's text, never changed. */
  proposed: string;
  /** The text to apply: `proposed`, or a reviewer's edit of it. */
  current: string;
  status: ProposalStatus;
  /** Increments on every change; an action names the revision its actor saw. */
  revision: number;
  /** Every column of other nodes that inherits this text when it is applied. */
  inheritedBy: InheritedTarget[];
  generation: Generation;
  context: ProposalContext;
  createdAt: string;
  createdBy: string;
  reviewedAt?: string;
  reviewedBy?: string;
  appliedAt?: string;
  /** The exact text apply wrote: rollback acts only where the YAML still holds it. */
  appliedText?: string;
  /** Every place apply wrote `appliedText`, with the value it replaced (null: there was none). */
  appliedTo?: AppliedTarget[];
  note?: string;
  /** Filled by `list()` for readers that want the trail of this proposal. */
  history?: AuditRecord[];
}

export type AuditAction = 'propose' | 'approve' | 'edit' | 'reject' | 'apply' | 'rollback' | 'stale';

/** One line of `.osmosis/audit.jsonl`. */
export interface AuditRecord {
  at: string;
  actor: string;
  action: AuditAction;
  id: string;
  node: string;
  field: string;
  before: unknown;
  after: unknown;
  note?: string;
}

/** A line of a store file that could not be read: reported, skipped, never fatal. */
export interface StoreDiagnostic {
  /** Which file (`proposals.jsonl` or `audit.jsonl`). */
  file: string;
  line: number;
  message: string;
}

export interface ActInput {
  actor: string;
  action: 'approve' | 'reject' | 'edit';
  /** Each id with the revision its actor saw. */
  items: { id: string; revision: number }[];
  /** The new text for `edit` (edit also approves). */
  text?: string;
  note?: string;
}

export interface ActResult {
  updated: Proposal[];
  /** Ids whose stored revision is newer than the actor's (or whose status forbids the action). */
  conflicts: { id: string; current: Proposal; reason?: string }[];
  /** Ids not in the store. */
  unknown?: string[];
}

export interface ApplyInput {
  actor: string;
  dryRun: boolean;
  /** Write over a text a person wrote meanwhile (otherwise such a proposal becomes stale). */
  force?: boolean;
  /** Only these approved proposals (default: every approved one). */
  ids?: string[];
}

export interface ApplyResult {
  diff: string;
  applied: string[];
  stale: string[];
  changedFiles: string[];
  /** Why each stale id was not applied. */
  staleReasons?: Record<string, string>;
  /** Inheriting columns an applied proposal left alone, and why. */
  skipped?: { id: string; node: string; column: string; reason: string }[];
}

export interface RollbackInput {
  actor: string;
  ids?: string[];
  /** Every proposal applied at or after this ISO timestamp. */
  since?: string;
}

export interface RollbackResult {
  rolledBack: string[];
  conflicts: { id: string; reason: string }[];
  changedFiles?: string[];
  /** Unified diff of what the rollback wrote. */
  diff?: string;
}

export interface Dashboard {
  documented: { before: number; afterApplied: number; withPending: number; total: number };
  counts: Record<ProposalStatus, number>;
  spendUsd: number;
}

/** The review store of one project: every read and action the CLI and the page perform. */
export interface ReviewStore {
  list(): Promise<{ proposals: Proposal[]; diagnostics: { line: number; message: string; file?: string }[] }>;
  /** Each action carries the revision the actor saw; a newer revision in the store is a conflict, never overwritten. */
  act(input: ActInput): Promise<ActResult>;
  apply(input: ApplyInput): Promise<ApplyResult>;
  rollback(input: RollbackInput): Promise<RollbackResult>;
  dashboard(): Promise<Dashboard>;
}

/** Where the store lives and what apply needs to read the project. */
export interface ReviewStoreOptions {
  projectDir: string;
  targetPath?: string;
  manifestPath?: string;
  catalogPath?: string;
  /** Also write `meta.osmosis_progenitor` on every column an applied text reaches (as `--add-progenitor-to-meta`). */
  addProgenitorToMeta?: boolean;
  /** Texts that count as missing (default: the `yaml document` placeholders). */
  placeholders?: readonly string[];
  /** `vars: dbt-osmosis: synthesis: mark:`: a meta key recording provider, model and proposal id on applied text. */
  markKey?: string;
}
