/**
 * Enrichment (`--enrich pii,tags,tests,purpose`): values beyond descriptions, validated against a
 * vocabulary before they exist as data. These shapes are the contract between the part that asks
 * the model (synthesis) and the parts that write YAML and store proposals (plan, review).
 * User guide: docs/enrich.md.
 */

export type EnrichField = 'pii' | 'tags' | 'tests' | 'purpose';

export const ENRICH_FIELDS: readonly EnrichField[] = ['pii', 'tags', 'tests', 'purpose'];

/** A data test suggested for a column, already checked against what exists in the project. */
export type SuggestedTest =
  | { kind: 'not_null' }
  | { kind: 'unique' }
  | {
      kind: 'accepted_values';
      values: (string | number | boolean)[];
      /** Where the values come from: a seed CSV path (relative to the project dir) or `sql`. */
      source: string;
    }
  | {
      kind: 'relationships';
      /** The referenced node's unique id. */
      toNode: string;
      /** What is written as `to:`, e.g. `ref('customers')` or `source('jaffle', 'orders')`. */
      to: string;
      field: string;
    };

/** What enrichment found for one column; only fields that were asked and passed validation. */
export interface ColumnEnrichment {
  /** Present only when the column holds personal data. */
  pii?: { category: string };
  tags?: string[];
  tests?: SuggestedTest[];
}

/** What enrichment found for one node. */
export interface NodeEnrichment {
  nodeId: string;
  /** `meta.business_purpose`. */
  purpose?: string;
  /** Node-level tags to append. */
  tags?: string[];
  /** column name (as in the YAML or catalog) → its values. */
  columns: Map<string, ColumnEnrichment>;
}

/** Where enriched values are written; defaults per spec, overridable for a team's conventions. */
export interface EnrichKeys {
  /** Meta key flagging PII (default `contains_pii`). */
  piiFlag: string;
  /** Meta key holding the category (default `pii_category`). */
  piiCategory: string;
  /** Meta key for the business purpose (default `business_purpose`). */
  purpose: string;
}

export const DEFAULT_ENRICH_KEYS: EnrichKeys = {
  piiFlag: 'contains_pii',
  piiCategory: 'pii_category',
  purpose: 'business_purpose',
};

export const DEFAULT_PII_CATEGORIES: readonly string[] = [
  'name',
  'email',
  'phone',
  'address',
  'government_id',
  'financial',
  'health',
  'date_of_birth',
  'ip_address',
  'device_id',
  'location',
  'other',
];
