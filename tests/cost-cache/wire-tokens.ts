/**
 * Token counts of what actually went over the wire, computed in the test from the request body
 * the fake server recorded (not from the request objects inside the tool), so a report can be
 * checked against them. OpenAI chat framing: 3 tokens per message plus its role and content, 3
 * to prime the reply; the json_schema of `response_format` is billed as input (name + schema).
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { RecordedBody, RecordedRequest } from '../helpers/fake-llm-server.js';

const PLAIN = { disallowedSpecial: new Set<string>() };
export const tokens = (text: string): number => (text === '' ? 0 : countTokens(text, PLAIN));

export function wireInputTokens(body: RecordedBody | undefined): number {
  if (!body) return 0;
  let total = 3;
  for (const m of body.messages ?? []) {
    const content = typeof m.content === 'string' ? m.content : JSON.stringify(m.content);
    total += 3 + tokens(m.role) + tokens(content);
  }
  const js = body.response_format?.json_schema;
  if (js) total += tokens(js.name) + tokens(JSON.stringify(js.schema));
  return total;
}

/** The output-token ceiling the request allowed. */
export function wireMaxOutputTokens(body: RecordedBody | undefined): number {
  const max = body?.max_completion_tokens ?? body?.max_tokens;
  if (typeof max !== 'number') throw new Error('the request carries no max output tokens');
  return max;
}

export interface Price {
  inputPerMTok: number;
  outputPerMTok: number;
}

/** USD of every answered (200) request, from the usage the fake server reported. */
export function spentUsd(requests: readonly RecordedRequest[], price: Price): number {
  let usd = 0;
  for (const r of requests) {
    if (r.status !== 200 || !r.usage) continue;
    usd += (r.usage.inputTokens * price.inputPerMTok + r.usage.outputTokens * price.outputPerMTok) / 1_000_000;
  }
  return usd;
}

/** Input tokens of every answered request, as counted here. */
export function sentInputTokens(requests: readonly RecordedRequest[]): number {
  return requests.filter((r) => r.status === 200).reduce((n, r) => n + wireInputTokens(r.body), 0);
}
