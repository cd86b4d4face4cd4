/**
 * The ask of an enrichment request: the questions per column with the values each may take. The
 * system message and the node's context are the ones description requests send (shared prefix).
 */
import type { ColumnAsk, EnrichAsk } from './enrich-ask.js';
import { NOT_PII } from './enrich-answer-schema.js';

const ENRICH = `Classify {{node_name}} and its columns for its dbt YAML. Answer with the JSON object the schema asks for; use only the values listed here, and leave a list empty when unsure.
{{questions}}
Rules:
- "purpose": one or two plain sentences on the business process or question {{node_name}} serves, from the SQL and docs only.
- "pii_category": the kind of personal data the column holds about a person, or "${NOT_PII}". Ids, amounts, dates of orders and codes are "${NOT_PII}" unless they identify a person.
- "tags": only listed tags that clearly apply; most columns get none.
- "tests": only tests the data passes in every load. not_null for values that are never empty, unique for a key of one row, accepted_values only with the values listed for that column, relationships only to a listed target whose values the column always refers to.`;

function columnLine(column: ColumnAsk): string {
  const parts: string[] = [];
  if (column.pii) parts.push('pii_category');
  if (column.tags.length > 0) parts.push(`tags (${column.tags.join(', ')})`);
  const t = column.tests;
  if (t !== undefined) {
    const tests = [
      ...(t.notNull ? ['not_null'] : []),
      ...(t.unique ? ['unique'] : []),
      ...(t.acceptedValues ? [`accepted_values from ${t.acceptedValues.source === 'sql' ? 'the SQL' : t.acceptedValues.source}: ${t.acceptedValues.values.map((v) => `'${v}'`).join(', ')}`] : []),
      ...t.relationships.map((r) => `relationships to ${r.to}.${r.field}`),
    ];
    parts.push(`tests (${tests.join('; ')})`);
  }
  return `- ${column.name}: ${parts.join(', ')}`;
}

/** The last user message of an enrichment request, with project text fenced as data. */
export function enrichAskText(ask: EnrichAsk, nodeName: string, asData: (text: string) => string): string {
  const questions: string[] = [];
  if (ask.purpose) questions.push('Node: purpose');
  if (ask.nodeTags.length > 0) questions.push(`Node tags (choose from): ${ask.nodeTags.join(', ')}`);
  if (ask.columns.some((c) => c.pii)) questions.push(`PII categories: ${ask.piiCategories.join(', ')}, or ${NOT_PII}`);
  if (ask.columns.length > 0) questions.push(`Columns:\n<<<BEGIN enrich_columns>>>\n${asData(ask.columns.map(columnLine).join('\n'))}\n<<<END enrich_columns>>>`);
  if (ask.sample !== undefined) {
    questions.push(`Sample rows of ${nodeName} (values of columns already marked as personal data are masked as ***):\n<<<BEGIN sample_rows>>>\n${asData(ask.sample)}\n<<<END sample_rows>>>`);
  }
  return ENRICH.replace(/\{\{node_name\}\}/g, nodeName).replace('{{questions}}', questions.join('\n'));
}

/**
 * The enrichment ask folded into a node's bulk description request: the same questions, answered
 * under the answer's "enrichment" key (see enrich-answer-schema.ts: foldedBulkSchema).
 */
export function foldedEnrichAskText(ask: EnrichAsk, nodeName: string, asData: (text: string) => string): string {
  return `In the same JSON object, under "enrichment":\n${enrichAskText(ask, nodeName, asData)}`;
}

/** Output tokens an enrichment answer may take: a few per column, and the purpose. */
export function enrichMaxOutputTokens(ask: EnrichAsk, cap: number): number {
  return Math.min(200 + 80 * ask.columns.length, cap);
}
