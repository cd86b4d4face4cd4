/**
 * Fakes for the synthesis core: an in-process LanguageModel that answers from the schema it is
 * sent (and reports usage with the same token counter the core uses), a Map cache, node builders.
 */
import type { SynthesisOptions } from '../../src/config/types.js';
import type { CachedResponse } from '../../src/cache/response-cache.js';
import { nullCache } from '../../src/cache/null-cache.js';
import { systemClock } from '../../src/node-ports.js';
import type { DbtNode } from '../../src/project/manifest/types.js';
import type { ChatMessage, GenerateRequest, GenerateResult, LanguageModel, ResponseSchema } from '../../src/llm/types.js';
import { DEFAULT_PROMPT_TEMPLATES } from '../../src/synthesis/plan/prompt-templates.js';
import type { SynthesisDeps } from '../../src/synthesis/run/synthesize-node.js';
import type { SynthesisNodeContext, UpstreamNodeDocs } from '../../src/synthesis/types.js';

export const countTokens = (text: string): number => Math.ceil(text.length / 4);

export const countRequestTokens = (req: { messages: readonly ChatMessage[]; responseSchema?: ResponseSchema }): number => {
  let tokens = 3;
  for (const m of req.messages) tokens += 3 + countTokens(m.role) + countTokens(m.content);
  if (req.responseSchema !== undefined) {
    tokens += countTokens(req.responseSchema.name) + countTokens(JSON.stringify(req.responseSchema.schema));
  }
  return tokens;
};

export function makeNode(name: string, extra: Partial<DbtNode> = {}): DbtNode {
  return {
    uniqueId: `model.shop.${name}`,
    resourceType: 'model',
    name,
    packageName: 'shop',
    originalFilePath: `models/${name}.sql`,
    dependsOn: [],
    description: '',
    columns: [],
    rawCode: `select * from {{ ref('upstream') }} -- ${name}`,
    relationName: `"db"."main"."${name}"`,
    fqn: ['shop', name],
    tags: [],
    meta: {},
    ...extra,
  };
}

export function columnNames(n: number, prefix = 'col'): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}_${i + 1}`);
}

export function makeCtx(
  name: string,
  missing: string[],
  opts: { needsNodeDescription?: boolean; upstream?: UpstreamNodeDocs[]; node?: Partial<DbtNode> } = {},
): SynthesisNodeContext {
  return {
    node: makeNode(name, opts.node),
    columns: missing.map((c) => ({ name: c, dataType: 'varchar' })),
    missingColumns: missing,
    needsNodeDescription: opts.needsNodeDescription ?? false,
    upstream: opts.upstream ?? [],
  };
}

export function makeOptions(extra: Partial<SynthesisOptions> = {}): SynthesisOptions {
  return {
    llm: { provider: 'openai', model: 'gpt-4o-mini', timeoutSeconds: 30, maxRetries: 0 },
    llmDryRun: false,
    concurrency: 1,
    bulkThreshold: 10,
    maxRepairs: 2,
    priceOverrides: {},
    maxSqlTokens: 2000,
    maxUpstreamTokens: 2000,
    maxOutputTokensPerColumn: 150,
    ...extra,
  };
}

/** The column a per-column prompt asks about (default template wording). */
export function askedColumn(req: GenerateRequest): string | undefined {
  const user = req.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
  return /Document the column "([^"]+)"/.exec(user)?.[1];
}

/** A valid answer for whatever the request's schema asks. */
export function answerFor(req: GenerateRequest): Record<string, unknown> {
  const schema = req.responseSchema?.schema as {
    properties: Record<string, { required?: string[] }>;
    required: string[];
  };
  if (req.responseSchema?.name === 'column_descriptions') {
    const columns: Record<string, string> = {};
    for (const c of schema.properties.columns?.required ?? []) columns[c] = `Synthesized text for ${c}.`;
    const answer: Record<string, unknown> = { columns };
    if (schema.required.includes('model_description')) answer.model_description = 'Synthesized node text.';
    return answer;
  }
  const column = askedColumn(req);
  return { description: column === undefined ? 'Synthesized node text.' : `Synthesized text for ${column}.` };
}

export type Responder = (req: GenerateRequest, call: number) => unknown | Promise<unknown>;

/** A LanguageModel that answers with `respond` (default: a valid answer) and records requests. */
export class FakeModel implements LanguageModel {
  readonly provider = 'openai' as const;
  readonly modelId = 'gpt-4o-mini';
  readonly baseUrl = 'http://127.0.0.1:1/v1';
  readonly requests: GenerateRequest[] = [];
  /** Reported input tokens, per call (echo of countRequestTokens). */
  readonly reportedInputTokens: number[] = [];

  constructor(
    private readonly respond: Responder = (req) => answerFor(req),
    private readonly delayMs: (req: GenerateRequest) => number = () => 0,
  ) {}

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const call = this.requests.length;
    this.requests.push(request);
    const delay = this.delayMs(request);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const answer = await this.respond(request, call);
    // A string is sent as raw text (not parsed), anything else as a structured answer.
    const object = typeof answer === 'string' ? undefined : answer;
    const text = typeof answer === 'string' ? answer : JSON.stringify(answer);
    const inputTokens = countRequestTokens(request);
    this.reportedInputTokens.push(inputTokens);
    return {
      text,
      ...(object === undefined ? {} : { object }),
      usage: { inputTokens, outputTokens: countTokens(text) },
      finishReason: 'stop',
      warnings: [],
    };
  }
}

export class MapCache {
  readonly entries = new Map<string, CachedResponse>();
  gets = 0;
  async get(key: string): Promise<CachedResponse | undefined> {
    this.gets += 1;
    return this.entries.get(key);
  }
  async set(key: string, value: CachedResponse): Promise<void> {
    this.entries.set(key, value);
  }
}

export function makeDeps(model: LanguageModel, extra: Partial<SynthesisDeps> = {}): SynthesisDeps {
  return {
    model,
    options: makeOptions(),
    placeholders: ['Pending further documentation', 'Undefined', 'Not documented'],
    countTokens,
    countRequestTokens,
    templates: DEFAULT_PROMPT_TEMPLATES,
    cache: nullCache(),
    clock: systemClock,
    ...extra,
  };
}
