/** The review module: the proposals store, actions, apply, rollback, export and compaction. */
export type {
  ProposalStatus,
  Proposal,
  AuditRecord,
  ReviewStore,
  ReviewStoreOptions,
} from './types.js';
export { PROPOSAL_STATUSES } from './types.js';
export { openReviewStore } from './open-review-store.js';
export { resolveReviewer } from './resolve-reviewer.js';
export { ReviewError } from './review-error.js';
