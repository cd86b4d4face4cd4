/**
 * Builds the GenerateRequests of synthesis: bulk, per-column, node description and repair. Pure:
 * the same context and settings always give the same request, which is what makes the cache key,
 * the dry-run estimate and the real run agree.
 */
import type { ChatMessage, GenerateRequest } from '../../llm/types.js';
import { bulkAnswerSchema, descriptionAnswerSchema, DEFAULT_MAX_DESCRIPTION_LENGTH } from './answer-schema.js';
import { formatUpstreamDocs, oneLine, truncateSql, type TokenCounter } from './bound-prompt-text.js';
import { compactSql } from './compact-sql.js';
import { CONTEXT_BLOCKS, renderTemplate, type PromptTemplates, type PromptVariables } from './prompt-templates.js';
import type { SeedSample, SynthesisNodeContext } from '../types.js';
import type { EnrichAsk } from '../../enrich/enrich-ask.js';
import { enrichAnswerSchema, foldedSchema } from '../../enrich/enrich-answer-schema.js';
import { enrichAskText, enrichMaxOutputTokens, foldedEnrichAskText } from '../../enrich/enrich-prompt.js';

/** What request building needs besides the node. */
export interface RequestSettings {
  templates: PromptTemplates;
  /** Text of the style guide file, when one is configured. */
  styleGuide?: string;
  maxSqlTokens: number;
  maxUpstreamTokens: number;
  maxOutputTokensPerColumn: number;
  temperature?: number;
  maxDescriptionLength?: number;
  countTokens: TokenCounter;
}

/*
 * A bulk answer needs room for every column plus the JSON around it, but most models cap output
 * at 8k-16k tokens; past this a wide table's answer is cut and the per-column fallback takes over.
 */
export const MAX_BULK_OUTPUT_TOKENS = 8192;

/** The parts of a prompt shared by every request for one node (computed once per node). */
export function nodePromptVariables(ctx: SynthesisNodeContext, settings: RequestSettings): PromptVariables {
  const { node } = ctx;
  const sql = node.compiledCode ?? node.rawCode;
  // Empty values leave their block out of the context (see CONTEXT_BLOCKS).
  const variables: PromptVariables = {
    node_name: node.name,
    resource_type: node.resourceType,
    relation: node.relationName ?? ([node.database, node.schema, node.alias ?? node.name].filter(Boolean).join('.') || node.name),
    sql: ctx.seedSample
      ? asData(seedSampleText(ctx.seedSample, settings))
      : sql === undefined || sql.trim() === ''
        ? ''
        : asData(truncateSql(compactSql(sql), settings.maxSqlTokens, settings.countTokens)),
    columns: asData(ctx.columns.map((c) => `- ${c.name}: ${c.dataType ?? 'unknown type'}${c.description === undefined ? (c.derivedFrom === undefined ? '' : ` — (undocumented) derived from ${oneLine(c.derivedFrom)}`) : ` — ${oneLine(c.description)}`}`).join('\n')),
    node_description: ctx.nodeDescription === undefined ? '' : asData(ctx.nodeDescription),
    upstream_docs: asData(formatUpstreamDocs(ctx.upstream, settings.maxUpstreamTokens, settings.countTokens)),
    style_guide: settings.styleGuide === undefined ? '' : asData(settings.styleGuide.trim()),
    style_examples: ctx.styleExamples === undefined ? '' : asData(ctx.styleExamples),
  };
  variables.context_blocks = CONTEXT_BLOCKS.filter(({ variable }) => (variables[variable] ?? '') !== '')
    .map(({ template }) => renderTemplate(template, variables))
    .join('\n\n');
  return variables;
}

/** A seed has no SQL: its CSV header and first rows say what its columns hold. */
function seedSampleText(sample: SeedSample, settings: RequestSettings): string {
  const rows = sample.lines.length - 1;
  const head = `-- seed loaded from ${sample.file}: its CSV header and first ${rows} row${rows === 1 ? '' : 's'}`;
  return truncateSql([head, ...sample.lines].join('\n'), settings.maxSqlTokens, settings.countTokens);
}

/** Max output tokens of a bulk request for `columnCount` columns (and maybe the node description). */
export function bulkMaxOutputTokens(columnCount: number, settings: RequestSettings): number {
  return Math.min(settings.maxOutputTokensPerColumn * (columnCount + 1), MAX_BULK_OUTPUT_TOKENS);
}

/**
 * One request for the node description (when asked) and all `columns`. With `fold`, each of
 * these requests also asks that part of the node's enrichment (`--enrich`), answered under
 * "enrichment" (src/enrich/fold-enrichment.ts).
 */
export function buildBulkRequest(
  ctx: SynthesisNodeContext,
  columns: readonly string[],
  withModelDescription: boolean,
  settings: RequestSettings,
  variables = nodePromptVariables(ctx, settings),
  fold?: EnrichAsk,
): GenerateRequest {
  return folding(ctx, settings, variables, settings.templates.bulk, {
    missing_columns: columns.map((c) => `- ${c}`).join('\n'),
  }, {
    responseSchema: bulkAnswerSchema(columns, withModelDescription, maxLength(settings)),
    maxOutputTokens: bulkMaxOutputTokens(columns.length, settings),
  }, false, fold);
}

/** One request for one column. */
export function buildColumnRequest(
  ctx: SynthesisNodeContext,
  column: string,
  settings: RequestSettings,
  variables = nodePromptVariables(ctx, settings),
  fold?: EnrichAsk,
): GenerateRequest {
  const dataType = ctx.columns.find((c) => c.name === column)?.dataType;
  return folding(ctx, settings, variables, settings.templates.column, {
    column_name: column,
    column_type: dataType ?? 'unknown',
  }, {
    responseSchema: descriptionAnswerSchema(maxLength(settings)),
    maxOutputTokens: settings.maxOutputTokensPerColumn,
  }, sharesPrefix(ctx), fold);
}

/** One request for the node's own description. */
export function buildNodeDescriptionRequest(
  ctx: SynthesisNodeContext,
  settings: RequestSettings,
  variables = nodePromptVariables(ctx, settings),
  fold?: EnrichAsk,
): GenerateRequest {
  return folding(ctx, settings, variables, settings.templates.nodeDescription, {}, {
    responseSchema: descriptionAnswerSchema(maxLength(settings)),
    maxOutputTokens: settings.maxOutputTokensPerColumn,
  }, sharesPrefix(ctx), fold);
}

/** `request`, with `fold`'s enrichment ask after the template and in the schema. */
function folding(
  ctx: SynthesisNodeContext,
  settings: RequestSettings,
  variables: PromptVariables,
  template: string,
  extra: PromptVariables,
  shape: { responseSchema: NonNullable<GenerateRequest['responseSchema']>; maxOutputTokens: number },
  shared: boolean,
  fold: EnrichAsk | undefined,
): GenerateRequest {
  if (fold === undefined) return request(settings, variables, template, extra, shape, shared);
  // The ask is handed in as a variable: substitution is one pass, so project text in it is never expanded.
  return request(settings, variables, `${template}\n\n{{enrich_ask}}`, { ...extra, enrich_ask: foldedEnrichAskText(fold, ctx.node.name, asData) }, {
    responseSchema: foldedSchema(shape.responseSchema, fold),
    maxOutputTokens: Math.min(shape.maxOutputTokens + enrichMaxOutputTokens(fold, MAX_BULK_OUTPUT_TOKENS), MAX_BULK_OUTPUT_TOKENS),
  }, shared);
}

/** One request for the node's enrichment (`--enrich`): its context, then the enrichment ask. */
export function buildEnrichRequest(
  ctx: SynthesisNodeContext,
  ask: EnrichAsk,
  settings: RequestSettings,
  variables = nodePromptVariables(ctx, settings),
): GenerateRequest {
  // Handed in as a variable: substitution is one pass, so project text in it is never expanded.
  return request(settings, variables, '{{enrich_ask}}', { enrich_ask: enrichAskText(ask, ctx.node.name, asData) }, {
    responseSchema: enrichAnswerSchema(ask),
    maxOutputTokens: enrichMaxOutputTokens(ask, MAX_BULK_OUTPUT_TOKENS),
  }, sharesPrefix(ctx));
}

/**
 * The previous conversation, the rejected answer, and a message quoting what was wrong. `next`
 * narrows the schema to what is still missing (bulk answers keep their valid columns).
 */
export function buildRepairRequest(
  original: GenerateRequest,
  rejectedAnswer: string,
  errors: readonly string[],
  settings: Pick<RequestSettings, 'templates'>,
  next: Partial<Pick<GenerateRequest, 'responseSchema' | 'maxOutputTokens'>> = {},
): GenerateRequest {
  const repair = renderTemplate(settings.templates.repair, {
    errors: errors.map((e) => `- ${e}`).join('\n'),
  });
  const { signal: _signal, ...rest } = original;
  return {
    ...rest,
    ...next,
    messages: [
      ...original.messages,
      { role: 'assistant', content: rejectedAnswer === '' ? '(empty answer)' : rejectedAnswer },
      { role: 'user', content: repair },
    ],
  };
}

/**
 * Whether the node sends more than one request with the same prefix (per-column requests and the
 * description request). Only then is a cache breakpoint worth it: Anthropic bills writing the
 * cache above the input price, which a node with a single request would never earn back.
 */
function sharesPrefix(ctx: SynthesisNodeContext): boolean {
  return ctx.missingColumns.length + (ctx.needsNodeDescription ? 1 : 0) + (ctx.enrich ? 1 : 0) > 1;
}

function request(
  settings: RequestSettings,
  nodeVariables: PromptVariables,
  template: string,
  extra: PromptVariables,
  shape: Pick<GenerateRequest, 'responseSchema' | 'maxOutputTokens'>,
  shared: boolean,
): GenerateRequest {
  const variables = { ...nodeVariables, ...extra };
  const context: ChatMessage = { role: 'user', content: renderTemplate(settings.templates.context, variables).trimEnd() };
  if (shared) context.cacheBreakpoint = true;
  const req: GenerateRequest = {
    // The context is the same for every request of the node; the ask differs, so it goes last.
    messages: [
      { role: 'system', content: renderTemplate(settings.templates.system, variables) },
      context,
      { role: 'user', content: renderTemplate(template, variables) },
    ],
    maxOutputTokens: shape.maxOutputTokens,
  };
  if (shape.responseSchema !== undefined) req.responseSchema = shape.responseSchema;
  if (settings.temperature !== undefined) req.temperature = settings.temperature;
  return req;
}

function maxLength(settings: RequestSettings): number {
  return settings.maxDescriptionLength ?? DEFAULT_MAX_DESCRIPTION_LENGTH;
}

/** Project text cannot close the data block it sits in (prompt-injection defence). */
function asData(text: string): string {
  return text.replace(/<<<(\s*)(BEGIN|END)/gi, '<< <$1$2');
}
