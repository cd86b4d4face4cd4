import type { SynthesisOptions } from '../config/types.js';
import { costUsd, lookupPrice, type PriceInfo } from '../cost/prices.js';
import type { DocGraph } from '../graph/build-graph.js';
import { isRealDescription, type DocState } from '../inheritance/doc-state.js';
import type { LoadedProject } from '../project/load-project.js';
import { routeSchemaFile } from '../project/route-schema-file.js';
import type { CallRecord } from '../synthesis/types.js';
import { appendJsonLines } from './append-lines.js';
import { collectRunProposals, type CollectInput } from './collect-run-proposals.js';
import { enrichmentProposals } from './enrichment-proposals.js';
import type { EnrichKeys, NodeEnrichment } from '../enrich/types.js';
import { mergeRunProposals, targetKey } from './merge-run-proposals.js';
import { columnField } from './proposal-id.js';
import { readStore } from './read-store.js';
import type { DocsSnapshot } from './snapshot-docs.js';
import { storePaths } from './store-paths.js';
import { readSeedSample } from './seed-sample.js';
import { withStoreLock } from './with-store-lock.js';

export interface ProposeRunInput {
  project: LoadedProject;
  state: DocState;
  graph: DocGraph;
  before: DocsSnapshot;
  calls: readonly CallRecord[];
  synthesis: SynthesisOptions;
  placeholders: ReadonlySet<string>;
  actor: string;
  /** Dry run / check: count what would change, append nothing. */
  writeNothing: boolean;
  /** Enrichment values to propose (without `--enrich-apply`), by node. */
  enrichments?: { byNode: ReadonlyMap<string, NodeEnrichment>; keys: EnrichKeys };
}

export interface ProposalCounts {
  created: number;
  replaced: number;
  stale: number;
}

export interface ProposeRunResult {
  counts: ProposalCounts;
  warnings: string[];
}

/**
 * `node\u0000field` of every target that has a real text once this run is written: a person's
 * own, or inherited from one (machine text is already taken back out of the state).
 */
function documentedTargets(state: DocState, placeholders: ReadonlySet<string>, keys: EnrichKeys | undefined): Set<string> {
  const out = new Set<string>();
  for (const [id, doc] of state) {
    if (!doc.writable) continue;
    if (isRealDescription(doc.description, placeholders)) out.add(targetKey(id, 'description'));
    for (const c of doc.columns) if (isRealDescription(c.description, placeholders)) out.add(targetKey(id, columnField(c.name)));
    if (!keys) continue;
    // Enrichment a person has set meanwhile: a column's PII flag, the node's purpose.
    for (const c of doc.columns) if (keys.piiFlag in c.meta) out.add(targetKey(id, `columns.${c.name}.meta.${keys.piiFlag}`));
    if (keys.purpose in doc.node.meta) out.add(targetKey(id, `meta.${keys.purpose}`));
  }
  return out;
}

/**
 * The `--review` step of a run: what synthesis wrote into the doc state becomes proposals in
 * `.osmosis/proposals.jsonl` and is taken back out of the state, so the YAML gets inheritance
 * only. Pending proposals whose field the YAML now documents become stale.
 */
export async function proposeRunResults(input: ProposeRunInput): Promise<ProposeRunResult> {
  const { project, synthesis } = input;
  let price: PriceInfo | undefined;
  let looked = false;
  const now = new Date().toISOString();
  const collect: Omit<CollectInput, 'before'> = {
    state: input.state,
    calls: input.calls,
    parents: (id) => input.graph.parents(id),
    pathOf: (doc) => doc.entry?.file ?? routeSchemaFile(doc.node, project.dbtProject, project.schemaFiles.values()),
    provider: synthesis.llm.provider,
    model: synthesis.llm.model,
    costOf: (usage) => {
      if (!looked) {
        price = lookupPrice(synthesis.llm.provider, synthesis.llm.model, synthesis.priceOverrides);
        looked = true;
      }
      return price ? costUsd(usage, price) : null;
    },
    placeholders: input.placeholders,
    actor: input.actor,
    now,
  };
  const candidates = collectRunProposals({ ...collect, before: input.before });
  if (input.enrichments) {
    const docs = [...input.state.values()].filter((d) => input.enrichments?.byNode.has(d.node.uniqueId));
    candidates.push(...enrichmentProposals({ ...collect, enrichments: input.enrichments.byNode, keys: input.enrichments.keys, schemaFile: (file) => project.schemaFiles.get(file), costCarried: new Set(candidates.map((c) => c.node)) }, docs));
  }
  const warnings: string[] = [];
  const samples = new Map<string, string[][] | undefined>();
  for (const c of candidates) {
    if (c.context.resourceType !== 'seed') continue;
    if (!samples.has(c.node)) {
      const file = project.manifest.nodes.get(c.node)?.originalFilePath;
      const sample = file ? await readSeedSample(project.projectDir, file) : {};
      if (sample.warning) warnings.push(sample.warning);
      samples.set(c.node, sample.rows);
    }
    const rows = samples.get(c.node);
    if (rows) c.context.sampleRows = rows;
  }
  const paths = storePaths(project.projectDir);
  const merge = async (): Promise<ProposalCounts> => {
    const state = await readStore(paths);
    const result = mergeRunProposals({ existing: state.proposals, candidates, documented: documentedTargets(input.state, input.placeholders, input.enrichments?.keys), actor: input.actor, now });
    if (!input.writeNothing) {
      await appendJsonLines(paths.proposals, result.lines);
      await appendJsonLines(paths.audit, result.audit);
    }
    return result.counts;
  };
  const counts = await (input.writeNothing ? merge() : withStoreLock(paths.lock, merge));
  return { counts, warnings };
}
