/**
 * Checks a model's answer against what was asked. Valid parts are kept even when others fail, so
 * a repair or a per-column fallback only asks again for what is still missing.
 */
import { z } from 'zod';
import { DEFAULT_MAX_DESCRIPTION_LENGTH } from './answer-schema.js';

export interface AnswerRules {
  /** Texts that are not real descriptions (compared trimmed, case-insensitive). */
  placeholders: readonly string[];
  maxLength?: number;
}

export interface BulkAnswerCheck {
  /** Asked columns with a valid description (asked name → trimmed text). */
  columns: Map<string, string>;
  modelDescription?: string;
  /** Asked columns still without a valid description. */
  missingColumns: string[];
  /** True when the node description was asked for and is still missing. */
  missingModelDescription: boolean;
  /** What is wrong, phrased for the repair prompt. Empty = fully valid. */
  errors: string[];
  /** Remarks that are not errors (unknown columns dropped, names matched ignoring case). */
  notes: string[];
}

export interface DescriptionAnswerCheck {
  description?: string;
  errors: string[];
}

const BulkShape = z.object({
  model_description: z.unknown().optional(),
  columns: z.record(z.string(), z.unknown()),
});

const DescriptionShape = z.object({ description: z.unknown().optional() });

/** Why `value` is not a usable description, or undefined when it is. */
export function descriptionProblem(value: unknown, rules: AnswerRules): string | undefined {
  if (value === undefined) return 'is missing';
  if (typeof value !== 'string') return `must be a string, got ${value === null ? 'null' : typeof value}`;
  const text = value.trim();
  if (text === '') return 'is empty';
  const maxLength = rules.maxLength ?? DEFAULT_MAX_DESCRIPTION_LENGTH;
  if (text.length > maxLength) return `is ${text.length} characters long, the limit is ${maxLength}`;
  const lowered = text.toLowerCase().replace(/[.\s]+$/, '');
  if (rules.placeholders.some((p) => p.trim().toLowerCase().replace(/[.\s]+$/, '') === lowered)) {
    return `is the placeholder "${text}"; write a real description or say the meaning is unclear`;
  }
  if (text.includes('```')) return 'contains a markdown code fence; write plain text';
  return undefined;
}

/** Validates a bulk answer for `asked` columns (and the node description when `wantModelDescription`). */
export function validateBulkAnswer(
  raw: unknown,
  asked: readonly string[],
  wantModelDescription: boolean,
  rules: AnswerRules,
): BulkAnswerCheck {
  const check: BulkAnswerCheck = {
    columns: new Map(),
    missingColumns: [],
    missingModelDescription: wantModelDescription,
    errors: [],
    notes: [],
  };
  const shape = BulkShape.safeParse(raw);
  if (!shape.success) {
    check.missingColumns = [...asked];
    check.errors.push(
      raw === undefined
        ? 'The answer is not valid JSON.'
        : 'The answer must be a JSON object with a "columns" object mapping column names to descriptions.',
    );
    return check;
  }
  if (wantModelDescription) {
    const problem = descriptionProblem(shape.data.model_description, rules);
    if (problem === undefined) {
      check.modelDescription = (shape.data.model_description as string).trim();
      check.missingModelDescription = false;
    } else {
      check.errors.push(`"model_description" ${problem}.`);
    }
  }
  const askedSet = new Set(asked);
  const byLowerName = new Map(asked.map((name) => [name.toLowerCase(), name]));
  const answered = new Map<string, unknown>();
  for (const [key, value] of Object.entries(shape.data.columns)) {
    if (askedSet.has(key)) {
      answered.set(key, value);
      continue;
    }
    const match = byLowerName.get(key.toLowerCase());
    if (match !== undefined && !(match in shape.data.columns) && !answered.has(match)) {
      answered.set(match, value);
      check.notes.push(`answer used "${key}" for column "${match}"; matched ignoring case`);
    } else {
      check.notes.push(`dropped unknown column "${key}" from the answer`);
    }
  }
  for (const name of asked) {
    const value = answered.get(name);
    const problem = descriptionProblem(value, rules);
    if (problem === undefined) check.columns.set(name, (value as string).trim());
    else {
      check.missingColumns.push(name);
      check.errors.push(`Column "${name}" ${problem}.`);
    }
  }
  return check;
}

/** Validates a `{"description": string}` answer. */
export function validateDescriptionAnswer(raw: unknown, rules: AnswerRules): DescriptionAnswerCheck {
  const shape = DescriptionShape.safeParse(raw);
  if (!shape.success) {
    return {
      errors: [
        raw === undefined
          ? 'The answer is not valid JSON.'
          : 'The answer must be a JSON object {"description": "..."}.',
      ],
    };
  }
  const problem = descriptionProblem(shape.data.description, rules);
  if (problem !== undefined) return { errors: [`"description" ${problem}.`] };
  return { description: (shape.data.description as string).trim(), errors: [] };
}
