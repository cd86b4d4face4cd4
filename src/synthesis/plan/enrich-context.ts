/**
 * What `--enrich` adds to a node's synthesis context: the ask (planEnrichAsk), masked sample
 * rows, and the project's voice. Built per node when it is prepared, from the current doc state.
 */
import type { DocGraph } from '../../graph/build-graph.js';
import type { DocState, NodeDoc } from '../../inheritance/doc-state.js';
import type { EnrichSettings } from '../../enrich/enrich-settings.js';
import { planEnrichAsk, projectTagVocabulary, type EnrichProject } from '../../enrich/plan-enrich-ask.js';
import { maskCsvLines, maskSample, sampleLines, type SampleTable } from '../../enrich/sample-rows.js';
import { styleExamples } from '../../enrich/style-examples.js';
import type { SeedSample, SynthesisNodeContext } from '../types.js';
import { DEFAULT_ENRICH_KEYS } from '../../enrich/types.js';

export interface EnrichContextInput {
  state: DocState;
  graph: DocGraph;
  placeholders: ReadonlySet<string>;
  settings: EnrichSettings;
  seedCategories: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  sampleTables: ReadonlyMap<string, SampleTable>;
  sampleRows: number;
  countTokens: (text: string) => number;
}

/** Columns a person already classified as personal data (the flag key set to a true value). */
export function piiColumnsOf(doc: NodeDoc, piiFlag: string): Set<string> {
  return new Set(doc.columns.filter((c) => c.meta[piiFlag] === true || c.meta[piiFlag] === 'true').map((c) => c.name.toLowerCase()));
}

/** A seed's sample with the values of its PII columns masked (`enrich: keys:` or the default flag). */
export function maskedSeedSample(doc: NodeDoc, sample: SeedSample, settings: EnrichSettings | undefined): SeedSample {
  const pii = piiColumnsOf(doc, settings?.keys.piiFlag ?? DEFAULT_ENRICH_KEYS.piiFlag);
  return pii.size === 0 ? sample : { ...sample, lines: maskCsvLines(sample.lines, pii) };
}

/** The per-node enrichment function `nodeContext` takes. */
export function enrichContext(input: EnrichContextInput): (doc: NodeDoc) => Pick<SynthesisNodeContext, 'enrich' | 'styleExamples'> {
  const project: EnrichProject = {
    settings: input.settings,
    tagVocabulary: projectTagVocabulary([...input.state.values()].map((d) => d.node), input.settings.extraTags),
    seedCategories: (id) => input.seedCategories.get(id),
  };
  return (doc) => {
    const ask = planEnrichAsk(doc, input.state, input.graph, project);
    const voice = input.settings.styleExamples ? styleExamples(doc.node.uniqueId, input.state, input.graph, input.placeholders, input.countTokens) : '';
    const table = input.sampleTables.get(doc.node.uniqueId);
    if (ask !== undefined && table !== undefined) {
      ask.sample = sampleLines(maskSample(table, piiColumnsOf(doc, input.settings.keys.piiFlag), input.sampleRows)).join('\n');
    }
    return { ...(ask === undefined ? {} : { enrich: ask }), ...(voice === '' ? {} : { styleExamples: voice }) };
  };
}
