/**
 * Checks an enrichment answer against its ask. Structural faults (not JSON, a column left out, a
 * bad purpose) are errors a repair request quotes; a value outside the vocabulary (an invented
 * tag, category, accepted value or relationship target) is dropped with a note and never repaired,
 * since asking again would only invite another guess.
 */
import { z } from 'zod';
import type { ColumnEnrichment, NodeEnrichment, SuggestedTest } from './types.js';
import type { ColumnAsk, EnrichAsk } from './enrich-ask.js';
import { NOT_PII } from './enrich-answer-schema.js';
import { descriptionProblem, type AnswerRules } from '../synthesis/plan/validate-answer.js';

export interface EnrichmentCheck {
  enrichment: NodeEnrichment;
  /** Phrased for the repair prompt; empty = usable. */
  errors: string[];
  /** Values dropped because they are not in the vocabulary. */
  dropped: { column?: string; message: string }[];
}

const AnswerShape = z.object({
  purpose: z.unknown().optional(),
  tags: z.unknown().optional(),
  columns: z.record(z.string(), z.unknown()).optional(),
});

const ColumnShape = z.object({
  pii_category: z.unknown().optional(),
  tags: z.unknown().optional(),
  tests: z.unknown().optional(),
});

const TestShape = z.discriminatedUnion('test', [
  z.object({ test: z.literal('not_null') }),
  z.object({ test: z.literal('unique') }),
  z.object({ test: z.literal('accepted_values'), values: z.array(z.union([z.string(), z.number(), z.boolean()])) }),
  z.object({ test: z.literal('relationships'), to: z.string(), field: z.string() }),
]);

/** Tags that are in `allowed`, distinct; the others are reported to `drop`. */
function checkTags(raw: unknown, allowed: readonly string[], drop: (message: string) => void): string[] {
  const parsed = z.array(z.string()).safeParse(raw ?? []);
  if (!parsed.success) {
    drop('tags must be a list of strings; ignored');
    return [];
  }
  const kept: string[] = [];
  for (const tag of parsed.data) {
    if (!allowed.includes(tag)) drop(`dropped tag "${tag}": not a tag of this project (allowed: ${allowed.join(', ')})`);
    else if (!kept.includes(tag)) kept.push(tag);
  }
  return kept;
}

function checkTests(raw: unknown, ask: ColumnAsk, drop: (message: string) => void): SuggestedTest[] {
  const candidates = ask.tests;
  if (candidates === undefined) return [];
  const list = z.array(z.unknown()).safeParse(raw ?? []);
  if (!list.success) {
    drop('tests must be a list; ignored');
    return [];
  }
  const kept: SuggestedTest[] = [];
  const seen = new Set<string>();
  for (const item of list.data) {
    const parsed = TestShape.safeParse(item);
    if (!parsed.success) {
      drop(`dropped test ${JSON.stringify(item)}: not one of not_null, unique, accepted_values, relationships`);
      continue;
    }
    const test = parsed.data;
    let suggested: SuggestedTest | undefined;
    if (test.test === 'not_null' && candidates.notNull) suggested = { kind: 'not_null' };
    else if (test.test === 'unique' && candidates.unique) suggested = { kind: 'unique' };
    else if (test.test === 'accepted_values' && candidates.acceptedValues !== undefined) {
      const allowed = candidates.acceptedValues.values;
      const invented = test.values.filter((v) => !allowed.includes(String(v)));
      if (invented.length > 0) {
        drop(`dropped accepted_values: ${invented.map((v) => JSON.stringify(v)).join(', ')} not found in ${candidates.acceptedValues.source === 'sql' ? 'the SQL' : candidates.acceptedValues.source}`);
      } else if (test.values.length > 0) {
        const values = allowed.filter((v) => test.values.some((t) => String(t) === v));
        suggested = { kind: 'accepted_values', values, source: candidates.acceptedValues.source };
      }
    } else if (test.test === 'relationships') {
      const target = candidates.relationships.find((r) => r.to === test.to && r.field === test.field);
      if (target === undefined) drop(`dropped relationships to ${test.to}.${test.field}: no upstream column supports it`);
      else suggested = { kind: 'relationships', toNode: target.toNode, to: target.to, field: target.field };
    } else {
      drop(`dropped ${test.test}: the column already has it or it has no allowed values`);
    }
    if (suggested === undefined) continue;
    const key = JSON.stringify(suggested);
    if (!seen.has(key)) {
      seen.add(key);
      kept.push(suggested);
    }
  }
  return kept;
}

/** Validates `raw` against `ask`; `rules` are the description rules the purpose must pass. */
export function validateEnrichment(raw: unknown, nodeId: string, ask: EnrichAsk, rules: AnswerRules): EnrichmentCheck {
  const check: EnrichmentCheck = { enrichment: { nodeId, columns: new Map() }, errors: [], dropped: [] };
  const shape = AnswerShape.safeParse(raw);
  if (!shape.success) {
    check.errors.push(raw === undefined ? 'The answer is not valid JSON.' : 'The answer must be a JSON object, as the schema says.');
    return check;
  }
  const answer = { ...shape.data, columns: shape.data.columns ?? {} };
  if (shape.data.columns === undefined && ask.columns.length > 0) {
    check.errors.push('The answer must have a "columns" object, as the schema says.');
    return check;
  }
  if (ask.purpose) {
    const problem = descriptionProblem(answer.purpose, rules);
    if (problem === undefined) check.enrichment.purpose = (answer.purpose as string).trim();
    else check.errors.push(`"purpose" ${problem}.`);
  }
  if (ask.nodeTags.length > 0) {
    const tags = checkTags(answer.tags, ask.nodeTags, (message) => check.dropped.push({ message }));
    if (tags.length > 0) check.enrichment.tags = tags;
  }
  for (const key of Object.keys(answer.columns)) {
    if (!ask.columns.some((c) => c.name === key)) check.dropped.push({ message: `dropped unknown column "${key}" from the answer` });
  }
  for (const column of ask.columns) {
    const drop = (message: string): void => {
      check.dropped.push({ column: column.name, message });
    };
    const value = ColumnShape.safeParse(answer.columns[column.name]);
    if (answer.columns[column.name] === undefined || !value.success) {
      check.errors.push(`Column "${column.name}" is missing from "columns" or is not an object.`);
      continue;
    }
    const found: ColumnEnrichment = {};
    if (column.pii) {
      const category = value.data.pii_category;
      if (typeof category !== 'string') check.errors.push(`Column "${column.name}": "pii_category" must be one of the listed categories or "${NOT_PII}".`);
      else if (category !== NOT_PII && !ask.piiCategories.includes(category)) drop(`dropped PII category "${category}": not one of ${ask.piiCategories.join(', ')}`);
      else if (category !== NOT_PII) found.pii = { category };
    }
    if (column.tags.length > 0) {
      const tags = checkTags(value.data.tags, column.tags, drop);
      if (tags.length > 0) found.tags = tags;
    }
    const tests = checkTests(value.data.tests, column, drop);
    if (tests.length > 0) found.tests = tests;
    if (Object.keys(found).length > 0) check.enrichment.columns.set(column.name, found);
  }
  return check;
}
