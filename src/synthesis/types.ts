import type { DbtNode } from '../project/manifest/types.js';
import type { Usage } from '../llm/types.js';
import type { EnrichAsk } from '../enrich/enrich-ask.js';
import type { NodeEnrichment } from '../enrich/types.js';
import type { StopReason } from './run/call-gate.js';

/** A column as a prompt sees it. */
export interface PromptColumn {
  name: string;
  dataType?: string;
  /** Current real description (as written, or inherited), when it has one. */
  description?: string;
  /** For an undocumented `expression` column: the upstream columns it reads, with their texts. */
  derivedFrom?: string;
}

/** Upstream docs offered to the model, direct parents first. */
export interface UpstreamNodeDocs {
  uniqueId: string;
  name: string;
  /** Generation (1 = direct parent). */
  generation: number;
  description?: string;
  columns: { name: string; description: string }[];
}

/** What synthesis needs to know about one node, taken after re-running its inheritance. */
export interface SynthesisNodeContext {
  node: DbtNode;
  /** All columns of the node (YAML ∪ catalog), with what is known. */
  columns: PromptColumn[];
  /** Columns whose description is still not real, in column order. */
  missingColumns: string[];
  /** True when the node's own description is not real. */
  needsNodeDescription: boolean;
  /** The node's own description when it is real. */
  nodeDescription?: string;
  upstream: UpstreamNodeDocs[];
  /** For a seed: its CSV header and first rows, which the prompt carries instead of SQL. */
  seedSample?: SeedSample;
  /** `--enrich`: what to ask besides descriptions, with its vocabulary. */
  enrich?: EnrichAsk;
  /** `--enrich`: human-written descriptions from nearby nodes, as examples of the project's voice. */
  styleExamples?: string;
}

/** The start of a seed's CSV file. */
export interface SeedSample {
  /** Path of the CSV file relative to the project dir. */
  file: string;
  /** The header line and up to `--llm-sample-rows` rows, as written (PII columns masked). */
  lines: string[];
}

/** One diagnostic of a synthesis run (data, formatted by the reporter). */
export interface SynthesisDiagnostic {
  level: 'info' | 'warning' | 'error';
  node: string;
  column?: string;
  message: string;
}

/** Per-call accounting, for stats, the dry run and the budget. */
export interface CallRecord {
  node: string;
  /** `enrich`: a node's enrichment request (`--enrich`), its repairs included. */
  strategy: 'bulk' | 'column' | 'node-description' | 'enrich' | 'repair';
  column?: string;
  /** sha256 of the canonical request (its cache key): names the exact prompt a text came from. */
  promptSha256?: string;
  cached: boolean;
  usage?: Usage;
  costUsd?: number;
  latencyMs?: number;
  failed: boolean;
}

/** The outcome for one node. */
export interface NodeSynthesisResult {
  nodeId: string;
  nodeDescription?: string;
  /** column name (as asked) → validated description. */
  columns: Map<string, string>;
  /** `--enrich`: the values that passed validation. */
  enrichment?: NodeEnrichment;
  /** What could not be synthesized, with the reason. */
  failures: {
    column?: string;
    error: string;
    /** Set when the work was not started because the run stopped (e.g. at the budget). */
    stop?: StopReason;
  }[];
  diagnostics: SynthesisDiagnostic[];
  calls: CallRecord[];
  /** True when some of this node's work was not started because the budget could be crossed. */
  stoppedAtBudget?: boolean;
  /** The run stopped waiting for a batch (`--llm-batch-wait`) before this node's answers came. */
  stoppedWaiting?: boolean;
}
