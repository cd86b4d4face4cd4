import { buildDocState } from '../../src/inheritance/build-doc-state.js';
import type { EnrichPlan } from '../../src/enrich/plan-enrichment.js';
import { DEFAULT_ENRICH_KEYS, type ColumnEnrichment, type NodeEnrichment } from '../../src/enrich/types.js';
import type { Catalog, DbtNode } from '../../src/project/manifest/types.js';
import { planYamlEdits } from '../../src/edits/plan-yaml-edits.js';
import { renderSchemaFile } from '../../src/yaml/render-schema-file.js';
import { applyYamlEdits } from '../../src/yaml/apply-edits.js';
import { readSchemaFile } from '../../src/yaml/read-schema-file.js';
import type { SchemaFile } from '../../src/yaml/types.js';

/** A hand-made enrichment: `{ purpose, tags, columns: { id: {...} } }`. */
export function enrichment(nodeId: string, values: { purpose?: string; tags?: string[]; columns?: Record<string, ColumnEnrichment> }): NodeEnrichment {
  return {
    nodeId,
    ...(values.purpose !== undefined ? { purpose: values.purpose } : {}),
    ...(values.tags ? { tags: values.tags } : {}),
    columns: new Map(Object.entries(values.columns ?? {})),
  };
}

/**
 * Plans `models/schema.yml` (or, when `yaml` is undefined, a new file) for `nodes` with the
 * enrichments written directly (`--enrich-apply`), and returns the file's text after the plan.
 */
export function planEnriched(yaml: string | undefined, nodes: DbtNode[], enrichments: NodeEnrichment[], opts: { catalog?: Catalog; dbtVersion?: string; enrich?: Partial<EnrichPlan> } = {}): string {
  const file = yaml === undefined ? undefined : readSchemaFile('models/schema.yml', yaml);
  const entries = new Map<string, { file: string; entry: SchemaFile['entries'][number] }>();
  for (const node of nodes) {
    const entry = file?.entries.find((e) => e.name === node.name && e.version === node.version);
    if (file && entry) entries.set(node.uniqueId, { file: file.path, entry });
  }
  const state = buildDocState({ nodes: new Map(nodes.map((n) => [n.uniqueId, n])), entries, writablePackage: 'pkg', ...(opts.catalog ? { catalog: opts.catalog } : {}) });
  const plans = planYamlEdits({
    docs: state.values(),
    schemaFile: (p) => (file && p === file.path ? file : undefined),
    route: () => 'models/schema.yml',
    projectCase: {},
    options: { skipAddColumns: false, skipAddDataTypes: false, addProgenitorToMeta: false },
    enrich: { byNode: new Map(enrichments.map((e) => [e.nodeId, e])), keys: DEFAULT_ENRICH_KEYS, ...(opts.dbtVersion ? { dbtVersion: opts.dbtVersion } : {}), ...opts.enrich },
  });
  const plan = plans.get('models/schema.yml');
  if (!plan) return yaml ?? '';
  if (plan.newSections) return renderSchemaFile(plan.newSections);
  return applyYamlEdits(yaml ?? '', plan.edits, file?.document);
}
