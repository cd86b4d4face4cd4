// The in-memory plan of a synthetic dbt project: sources, layered models, columns and which
// columns are documented. Deterministic for a given seed. Files are written by generate-project.mjs.

/** mulberry32: small, fast, seeded. */
export function makeRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (items) => items[int(items.length)];
  return { next, int, pick };
}

const NOUNS = ['customer', 'order', 'product', 'payment', 'store', 'employee', 'region', 'supplier', 'invoice', 'shipment', 'account', 'campaign', 'session', 'device', 'ticket'];
const ATTRS = ['id', 'name', 'status', 'amount', 'created_at', 'updated_at', 'type', 'code', 'count', 'total', 'date', 'category', 'score', 'flag', 'email', 'city', 'country', 'currency'];
export const VOCABULARY = NOUNS.flatMap((n) => ATTRS.map((a) => `${n}_${a}`));
export const PLACEHOLDER = 'Pending further documentation';
const SOURCE_TABLES_PER_SOURCE = 8;
const MODELS_PER_DIR = 200;
export const MODELS_PER_YAML = 20;

export function columnType(name) {
  if (name.endsWith('_id') || name.endsWith('_count')) return 'BIGINT';
  if (name.endsWith('_at')) return 'TIMESTAMP';
  if (name.endsWith('_date')) return 'DATE';
  if (/_(amount|total|score)$/.test(name)) return 'DECIMAL(18,2)';
  if (name.endsWith('_flag')) return 'BOOLEAN';
  return 'VARCHAR';
}

function distinctColumns(random, count, start = []) {
  const chosen = new Set(start);
  while (chosen.size < Math.min(count, VOCABULARY.length)) chosen.add(random.pick(VOCABULARY));
  return [...chosen];
}

/** How a column appears in the schema YAML: documented, '' , placeholder, absent, or without description. */
function docState(random, docRatio) {
  const r = random.next();
  if (r < docRatio) return 'documented';
  if (r < docRatio + 0.08) return 'empty';
  if (r < docRatio + 0.14) return 'placeholder';
  if (r < docRatio + 0.3) return 'missing'; // in the catalog, not in the YAML
  return 'bare';
}

function makeColumns(random, names, docRatio, owner) {
  return names.map((name) => {
    const state = docState(random, docRatio);
    const description =
      state === 'documented' ? `The ${name.replace(/_/g, ' ')} as recorded by ${owner}.` : state === 'placeholder' ? PLACEHOLDER : '';
    return { name, state, description };
  });
}

function pickParents(random, pools) {
  const wanted = random.next() < 0.6 ? 1 : random.next() < 0.75 ? 2 : 3;
  const parents = new Set();
  for (let tries = 0; parents.size < wanted && tries < 10; tries++) {
    const pool = random.pick(pools.filter((p) => p.length > 0));
    if (pool !== undefined) parents.add(random.pick(pool));
  }
  return [...parents];
}

/**
 * @param {{models: number, columnsPerModel?: number, docRatio?: number, seed?: number, modelsPerDir?: number}} options
 * @returns the plan: `sources` (tables) and `models`, each with uniqueId, name, dir, columns, parents.
 */
export function planProject({ models: modelCount, columnsPerModel = 18, docRatio = 0.4, seed = 1, modelsPerDir = MODELS_PER_DIR }) {
  const random = makeRandom(seed);
  const sourceCount = Math.max(1, Math.round(modelCount / 10));
  const sources = [];
  for (let i = 0; i < sourceCount; i++) {
    const sourceName = `src_${Math.floor(i / SOURCE_TABLES_PER_SOURCE)}`;
    const name = `raw_table_${i}`;
    const columns = makeColumns(random, distinctColumns(random, columnsPerModel), Math.min(0.9, docRatio * 2), name).map((c) =>
      // every source column is in the YAML (sources have no SQL to list them otherwise)
      c.state === 'missing' ? { ...c, state: 'bare' } : c,
    );
    sources.push({ uniqueId: `source.synth.${sourceName}.${name}`, name, sourceName, columns, description: `Raw ${name} rows.` });
  }

  const stagingCount = Math.round(modelCount * 0.4);
  const intermediateCount = Math.round(modelCount * 0.3);
  const layers = [
    { layer: 'staging', prefix: 'stg', count: stagingCount, materialized: () => 'view' },
    { layer: 'intermediate', prefix: 'int', count: intermediateCount, materialized: () => (random.next() < 0.3 ? 'ephemeral' : 'view') },
    { layer: 'marts', prefix: 'fct', count: modelCount - stagingCount - intermediateCount, materialized: () => 'table' },
  ];
  const byLayer = { staging: [], intermediate: [], marts: [] };
  const all = new Map(sources.map((s) => [s.uniqueId, s]));
  const models = [];
  for (const { layer, prefix, count, materialized } of layers) {
    for (let i = 0; i < count; i++) {
      const name = `${layer === 'marts' && i % 2 === 1 ? 'dim' : prefix}_${layer}_${i}`;
      const pools =
        layer === 'staging'
          ? [sources.map((s) => s.uniqueId)]
          : layer === 'intermediate'
            ? [byLayer.staging, byLayer.staging, random.next() < 0.2 ? byLayer.intermediate : []]
            : [byLayer.staging, byLayer.intermediate, random.next() < 0.15 ? byLayer.marts : []];
      const parents = pickParents(random, pools);
      const upstream = [...new Set(parents.flatMap((p) => all.get(p).columns.map((c) => c.name)))];
      const inherited = upstream.filter(() => random.next() < 0.8).slice(0, Math.round(columnsPerModel * 0.75));
      const names = distinctColumns(random, columnsPerModel, inherited);
      const model = {
        uniqueId: `model.synth.${name}`,
        name,
        layer,
        dir: `models/${layer}/g${Math.floor(i / modelsPerDir)}`,
        yamlIndex: Math.floor(i / MODELS_PER_YAML),
        materialized: materialized(),
        parents,
        columns: makeColumns(random, names, docRatio, name),
        description: random.next() < 0.5 ? `One row per ${name.split('_')[0]} record of ${layer} batch ${i}.` : '',
        tags: i % 7 === 0 ? [layer, 'weekly'] : [layer],
      };
      byLayer[layer].push(model.uniqueId);
      all.set(model.uniqueId, model);
      models.push(model);
    }
  }
  return { sources, models, byId: all };
}
