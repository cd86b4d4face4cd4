import type { RequestSettings } from './build-request.js';
import type { SynthesisDeps } from '../synthesis-deps.js';
import type { SynthesisNodeContext } from '../types.js';

/** How a node's missing docs are asked for (spec: "Strategy per node"). */
export type NodeStrategy = 'none' | 'bulk' | 'per-column';

/**
 * More than `bulkThreshold` missing columns: one bulk request (with the node description when
 * missing). Otherwise one request per column plus one for the node description.
 */
export function chooseStrategy(ctx: SynthesisNodeContext, bulkThreshold: number): NodeStrategy {
  if (ctx.missingColumns.length === 0 && !ctx.needsNodeDescription) return 'none';
  return ctx.missingColumns.length > bulkThreshold ? 'bulk' : 'per-column';
}

/** Request settings from the run's deps (the same for the real run and the dry run). */
export function requestSettingsOf(deps: Pick<SynthesisDeps, 'templates' | 'styleGuide' | 'options' | 'maxDescriptionLength' | 'countTokens'>): RequestSettings {
  const { options } = deps;
  return {
    templates: deps.templates,
    ...(deps.styleGuide === undefined ? {} : { styleGuide: deps.styleGuide }),
    maxSqlTokens: options.maxSqlTokens,
    maxUpstreamTokens: options.maxUpstreamTokens,
    maxOutputTokensPerColumn: options.maxOutputTokensPerColumn,
    ...(options.llm.temperature === undefined ? {} : { temperature: options.llm.temperature }),
    ...(deps.maxDescriptionLength === undefined ? {} : { maxDescriptionLength: deps.maxDescriptionLength }),
    countTokens: deps.countTokens,
  };
}
