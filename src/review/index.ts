/** The review module: the proposals store, actions, apply, rollback, export and compaction. */
export type {
  ProposalStatus,
  Proposal,
  AuditRecord,
  AuditAction,
  Generation,
  ProposalContext,
  InheritedTarget,
  AppliedTarget,
  ReviewStore,
  ReviewStoreOptions,
  ActInput,
  ActResult,
  ApplyInput,
  ApplyResult,
  RollbackInput,
  RollbackResult,
  Dashboard,
  StoreDiagnostic,
} from './types.js';
export { PROPOSAL_STATUSES } from './types.js';
export { openReviewStore } from './open-review-store.js';
export { resolveReviewer } from './resolve-reviewer.js';
export { ReviewError } from './review-error.js';
