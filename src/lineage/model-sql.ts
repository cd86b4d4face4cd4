import type { DbtNode } from '../project/manifest/types.js';

/** The SQL lineage reads for a model, or why there is none usable. */
export type ModelSql = { ok: true; sql: string } | { ok: false; reason: string } | { ok: 'none' };

const REF_OR_SOURCE = /\{\{\s*(ref|source)\s*\(\s*(['"])([^'"]+)\2\s*(?:,\s*(['"])([^'"]+)\4\s*)?\)\s*\}\}/g;

/** Relation names by what a `ref()` or `source()` call names. */
export interface RelationNames {
  ref(name: string, pkg?: string): string | undefined;
  source(sourceName: string, table: string): string | undefined;
}

/**
 * `compiled_code` when the manifest has it; else `raw_code` with `ref()`/`source()` replaced by
 * the relation names the manifest gives. Any other Jinja left means the SQL is not the model's.
 */
export function modelSql(node: DbtNode, names: RelationNames): ModelSql {
  if (node.compiledCode !== undefined && node.compiledCode.trim() !== '') return { ok: true, sql: node.compiledCode };
  if (node.rawCode === undefined || node.rawCode.trim() === '') return { ok: 'none' };
  let missing: string | undefined;
  const sql = node.rawCode.replace(REF_OR_SOURCE, (whole, kind: string, _q1, first: string, _q2, second: string | undefined) => {
    const relation = kind === 'ref' ? (second === undefined ? names.ref(first) : names.ref(second, first)) : second === undefined ? undefined : names.source(first, second);
    if (relation === undefined) missing ??= whole;
    return relation ?? whole;
  });
  if (missing !== undefined) return { ok: false, reason: `raw_code's ${missing} names no node of the manifest` };
  if (/\{\{|\{%/.test(sql)) return { ok: false, reason: 'raw_code holds Jinja other than ref()/source() and the manifest has no compiled_code' };
  return { ok: true, sql };
}
