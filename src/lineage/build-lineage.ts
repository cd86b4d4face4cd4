import type { DbtNode } from '../project/manifest/types.js';
import { modelSql } from './model-sql.js';
import type { SqlParser } from './parse-sql.js';
import { buildRelationIndex, type RelationIndex } from './relation-index.js';
import { resolveQuery } from './resolve-query.js';
import type { OutputColumn, RelationColumns, StepSource } from './scope.js';
import { variant } from './sql-ast.js';
import type { ColumnLineage, LineageSource, ModelLineage, ProjectLineage } from './types.js';
import { sqlDialect } from './sql-dialect.js';

export interface LineageInput {
  nodes: ReadonlyMap<string, DbtNode>;
  adapterType?: string;
  parser: SqlParser;
  /** A node's columns from YAML or catalog; `complete` only when the catalog lists them. */
  knownColumns: (nodeId: string) => RelationColumns | undefined;
  /** Models the run will ask about, in the order it will (parents first): their SQL is parsed ahead. */
  parseAhead?: readonly string[];
}

function toSource(s: StepSource, outputName: string, nodeFor: (key: string) => string | undefined): LineageSource | undefined {
  const node = nodeFor(s.relation);
  if (node === undefined) return undefined;
  const transform = s.step === 'bare' ? (s.column === outputName ? 'pass' : 'rename') : s.step;
  return { node, column: s.column, transform };
}

function columnLineage(column: OutputColumn, nodeFor: (key: string) => string | undefined): ColumnLineage {
  if (column.lineage.kind === 'unknown') return column.lineage;
  const sources: LineageSource[] = [];
  for (const s of column.lineage.sources) {
    const source = toSource(s, column.name, nodeFor);
    if (!source) return { kind: 'unknown', reason: `reads '${s.relation}', which is no node of the manifest` };
    sources.push(source);
  }
  return { kind: 'known', sources };
}

/**
 * Column lineage of the models of a manifest, resolved on first use and memoized. Resolving a
 * model first resolves the parents it reads (their parsed columns expand its `*`); the graph is
 * acyclic (build-graph rejects cycles), so this ends. A model whose SQL cannot be had or parsed
 * falls back (name matching); within a parsed model, a column that cannot be resolved for certain
 * is `unknown`.
 */
export function buildProjectLineage(input: LineageInput): ProjectLineage {
  const index = buildRelationIndex(input.nodes);
  const dialect = sqlDialect(input.adapterType);
  const models = new Map<string, ModelLineage | null>();
  let modelsParsed = 0;
  let modelsFallback = 0;
  if (input.parseAhead) expectModels(input.parser, input.nodes, input.parseAhead, input.adapterType, index);
  const model = (id: string): ModelLineage | undefined => {
    const known = models.get(id);
    if (known !== undefined) return known ?? undefined;
    const node = input.nodes.get(id);
    const sql = node?.resourceType === 'model' ? modelSql(node, index) : ({ ok: 'none' } as const);
    if (sql.ok === 'none') {
      models.set(id, null);
      return undefined;
    }
    // An incremental model reads itself (`{{ this }}`): that relation is not an upstream, and
    // resolving it would recurse into the model being resolved.
    const upstream = (key: string): string | undefined => {
      const found = index.nodeFor(key);
      return found === id ? undefined : found;
    };
    const resolved: ModelLineage = sql.ok ? parseModel(sql.sql, dialect, input.parser, (key) => (upstream(key) === undefined ? undefined : columnsOf(key)), upstream) : { status: 'fallback', reason: sql.reason };
    models.set(id, resolved);
    if (resolved.status === 'parsed') modelsParsed++;
    else modelsFallback++;
    return resolved;
  };
  function columnsOf(key: string): RelationColumns | undefined {
    const id = index.nodeFor(key);
    if (id === undefined) return undefined;
    const parsed = model(id);
    if (parsed?.status === 'parsed' && parsed.complete) return { names: [...parsed.columns.keys()], complete: true };
    return input.knownColumns(id);
  }
  return {
    model,
    resolved: () => new Map([...models].filter((e): e is [string, ModelLineage] => e[1] !== null)),
    get modelsParsed() {
      return modelsParsed;
    },
    get modelsFallback() {
      return modelsFallback;
    },
    close: () => input.parser.close(),
  };
}

/**
 * Tells the parser which models' SQL the run will ask for, in `ids` order, so it can parse them
 * ahead (parse-ahead.ts).
 */
export function expectModels(parser: SqlParser, nodes: ReadonlyMap<string, DbtNode>, ids: Iterable<string>, adapterType: string | undefined, index: RelationIndex = buildRelationIndex(nodes)): void {
  const texts: string[] = [];
  for (const id of ids) {
    const node = nodes.get(id);
    const sql = node?.resourceType === 'model' ? modelSql(node, index) : undefined;
    if (sql?.ok === true) texts.push(sql.sql);
  }
  parser.expect(texts, sqlDialect(adapterType));
}

function parseModel(sql: string, dialect: string, parser: SqlParser, columnsOf: (key: string) => RelationColumns | undefined, nodeFor: (key: string) => string | undefined): ModelLineage {
  const parsed = parser.parse(sql, dialect);
  if (!parsed.ok) return { status: 'fallback', reason: `the SQL does not parse as ${dialect}: ${parsed.error}` };
  const statements = parsed.statements;
  const query = statements.length === 1 ? variant(statements[0]) : undefined;
  if (query?.[0] !== 'Query') return { status: 'fallback', reason: 'the SQL is not a single query' };
  const output = resolveQuery(query[1], { ctes: new Map(), columnsOf });
  const columns = new Map<string, ColumnLineage>();
  for (const column of output.columns) {
    if (column.name === '' || columns.has(column.name)) continue;
    columns.set(column.name, columnLineage(column, nodeFor));
  }
  return { status: 'parsed', columns, complete: output.complete };
}
