/**
 * What enrichment asks about one node, with the vocabulary each answer is checked against. Built
 * before the request (the JSON Schema carries the same enums) and reused to validate the answer.
 */

/** The tests a column may be given: nothing else passes validation. */
export interface TestCandidates {
  notNull: boolean;
  unique: boolean;
  /** Values from a seed's CSV or the node's SQL; absent when neither offers any. */
  acceptedValues?: { values: string[]; source: string };
  /** Upstream columns lineage or a name match supports, nearest first. */
  relationships: { toNode: string; to: string; field: string }[];
}

export interface ColumnAsk {
  name: string;
  pii: boolean;
  /** Tags this column may be given (the vocabulary minus the tags it has); empty = not asked. */
  tags: string[];
  /** Undefined when tests are not asked for this column. */
  tests?: TestCandidates;
}

export interface EnrichAsk {
  purpose: boolean;
  /** Tags the node may be given (the vocabulary minus the tags it has); empty = not asked. */
  nodeTags: string[];
  piiCategories: string[];
  /** Columns with something to ask, in column order. */
  columns: ColumnAsk[];
  /** Masked sample rows of the node (from `--llm-sample-command`), as text for the prompt. */
  sample?: string;
}

/** True when the ask has any question at all. */
export function asksAnything(ask: EnrichAsk): boolean {
  return ask.purpose || ask.nodeTags.length > 0 || ask.columns.length > 0;
}

/** The field names an ask carries, for the dry-run table (`purpose`, `pii`, `tags`, `tests`). */
export function askedFields(ask: EnrichAsk): string[] {
  const fields: string[] = [];
  if (ask.columns.some((c) => c.pii)) fields.push('pii');
  if (ask.nodeTags.length > 0 || ask.columns.some((c) => c.tags.length > 0)) fields.push('tags');
  if (ask.columns.some((c) => c.tests !== undefined)) fields.push('tests');
  if (ask.purpose) fields.push('purpose');
  return fields;
}
