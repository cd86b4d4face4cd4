/**
 * How many output tokens a typical answer takes, for pricing a plan before any call (the
 * reservation uses the request's `maxOutputTokens` instead, the most an answer may take).
 */
import type { EnrichAsk } from '../../enrich/enrich-ask.js';

/*
 * Output tokens of one description: the default prompt asks for one or two sentences, which run
 * 25-50 tokens; 40 keeps estimates slightly on the high side.
 */
const ESTIMATED_TOKENS_PER_DESCRIPTION = 40;
/** JSON around one value: quotes, colon, comma, plus the key's own tokens (counted separately). */
const ESTIMATED_JSON_TOKENS_PER_VALUE = 4;
/** The object braces and the "columns" / "description" keys of an answer. */
const ESTIMATED_JSON_TOKENS_PER_ANSWER = 8;

/** A one-description answer: `{"description": "…"}`. */
export const DESCRIPTION_ANSWER_TOKENS = ESTIMATED_TOKENS_PER_DESCRIPTION + ESTIMATED_JSON_TOKENS_PER_ANSWER;

/** A bulk answer: every column's description under its name, and maybe the node's. */
export function bulkOutputTokens(
  columns: readonly string[],
  withDescription: boolean,
  countTokens: (text: string) => number,
): number {
  let tokens = ESTIMATED_JSON_TOKENS_PER_ANSWER;
  for (const column of columns) {
    tokens += countTokens(column) + ESTIMATED_JSON_TOKENS_PER_VALUE + ESTIMATED_TOKENS_PER_DESCRIPTION;
  }
  if (withDescription) tokens += ESTIMATED_JSON_TOKENS_PER_VALUE + ESTIMATED_TOKENS_PER_DESCRIPTION + 3;
  return tokens;
}

/*
 * An enrichment answer is mostly enum values: a category, a tag or two, a test or two per column
 * (about 20 tokens with their JSON), plus a purpose as long as a description.
 */
export const ESTIMATED_ENRICH_TOKENS_PER_COLUMN = 20;

/** An enrichment answer: per column its values, and the node's purpose and tags. */
export function enrichOutputTokens(ask: EnrichAsk, countTokens: (text: string) => number): number {
  let tokens = ESTIMATED_JSON_TOKENS_PER_ANSWER;
  for (const column of ask.columns) tokens += countTokens(column.name) + ESTIMATED_ENRICH_TOKENS_PER_COLUMN;
  if (ask.purpose) tokens += ESTIMATED_JSON_TOKENS_PER_VALUE + ESTIMATED_TOKENS_PER_DESCRIPTION;
  if (ask.nodeTags.length > 0) tokens += ESTIMATED_JSON_TOKENS_PER_VALUE + 6;
  return tokens;
}
