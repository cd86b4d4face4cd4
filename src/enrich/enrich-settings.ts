/**
 * The resolved `--enrich` settings (flags > `vars: dbt-osmosis: enrich:` > defaults). Read by the
 * synthesis side (what to ask) and by the writing side (`apply`, `keys`).
 */
import type { EnrichField, EnrichKeys } from './types.js';

export interface EnrichSettings {
  /** Fields asked, in ENRICH_FIELDS order; never empty (no fields = no EnrichSettings). */
  fields: EnrichField[];
  /** Tags allowed besides those the project already uses (`enrich: tags:`). */
  extraTags: string[];
  /** Allowed PII categories (`enrich: pii_categories:`, else DEFAULT_PII_CATEGORIES). */
  piiCategories: string[];
  /** Meta key names (`enrich: keys:`). */
  keys: EnrichKeys;
  /** Send a few of the project's own descriptions as style examples (`enrich: style_examples:`). */
  styleExamples: boolean;
  /** `--enrich-apply`: write values into the YAML rather than proposing them for review. */
  apply: boolean;
}

/** Where a model's sample rows come from (`--llm-sample-command`). */
export interface SampleCommandSettings {
  /** The command line, with `{node}` and `{n}` placeholders. */
  command: string;
  timeoutSeconds: number;
}
