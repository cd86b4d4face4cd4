import { isRealDescription, type DocState } from '../inheritance/doc-state.js';
import type { SkippedFile } from '../project/skipped-files.js';
import { formatYamlPath, type YamlEditError } from '../yaml/errors.js';
import { positionOfPath } from '../yaml/read-schema-file.js';
import type { SchemaFile, YamlEdit } from '../yaml/types.js';
import type { FilePlan } from './plan-yaml-edits.js';

/** At most this many edits are named in a warning; the rest are counted. */
const EDITS_NAMED = 8;

/** What an edit would have written, in a few words: `set models[0].description`. */
export function describeEdits(edits: readonly YamlEdit[]): string[] {
  const named = edits.slice(0, EDITS_NAMED).map((e) => `${e.op === 'set' ? 'set' : 'append to'} ${formatYamlPath(e.path)}`);
  return edits.length > EDITS_NAMED ? [...named, `${edits.length - EDITS_NAMED} more edits`] : named;
}

/** What a file plan would have written: its edits, or the entries of a new file. */
export function describePlan(plan: FilePlan): string[] {
  const names = Object.entries(plan.newSections ?? {}).flatMap(([section, values]) => values.map((v) => `add ${section} entry '${String(v['name'])}'`));
  return [...names, ...describeEdits(plan.edits)];
}

/** A parsed, writable file whose edits the engine refused (duplicate key, shared anchor, ...). */
export function skippedForEdit(file: SchemaFile, edits: readonly YamlEdit[], error: YamlEditError, nodes: string[]): SkippedFile {
  const position = file.document ? positionOfPath(file.document, file.text, error.path) : undefined;
  return {
    path: file.path,
    kind: 'unsafe-edit',
    ...(position ? { line: position.line } : {}),
    reason: error.message,
    nodes: [...nodes].sort(),
    writable: true,
    pendingChanges: true,
    wouldWrite: describeEdits(edits),
  };
}

export interface PendingOptions {
  skipAddColumns: boolean;
  synthesize: boolean;
  placeholders: ReadonlySet<string>;
}

/**
 * Whether the run would have changed a node whose file could not be read: a column inherited
 * a description or comes from the catalog only, or (with --synthesize) text is still missing.
 * What would be written is named, so the warning can say it.
 */
export function pendingChangesOf(ids: readonly string[], state: DocState, options: PendingOptions): string[] {
  const changes: string[] = [];
  for (const id of ids) {
    const doc = state.get(id);
    if (!doc) continue;
    const inManifest = new Set(doc.node.columns.map((c) => c.name.toLowerCase()));
    for (const column of doc.columns) {
      const where = `${doc.node.name}.${column.name}`;
      if (!options.skipAddColumns && !inManifest.has(column.name.toLowerCase())) changes.push(`add column ${where}`);
      else if (column.origin === 'inherited') changes.push(`description of ${where} (inherited)`);
      else if (options.synthesize && !isRealDescription(column.description, options.placeholders)) changes.push(`description of ${where} (to synthesize)`);
    }
    if (options.synthesize && !isRealDescription(doc.description, options.placeholders)) changes.push(`description of ${doc.node.name} (to synthesize)`);
  }
  return changes;
}
