import type { EnrichedCounts } from '../report.js';
import type { NodeEnrichment } from './types.js';

/** The report's `enriched` counts: PII columns, tags (node and column), tests, purposes. */
export function countEnriched(enrichments: Iterable<NodeEnrichment>): EnrichedCounts {
  const counts: EnrichedCounts = { pii: 0, tags: 0, tests: 0, purpose: 0 };
  for (const node of enrichments) {
    if (node.purpose !== undefined) counts.purpose++;
    counts.tags += node.tags?.length ?? 0;
    for (const column of node.columns.values()) {
      if (column.pii !== undefined) counts.pii++;
      counts.tags += column.tags?.length ?? 0;
      counts.tests += column.tests?.length ?? 0;
    }
  }
  return counts;
}
