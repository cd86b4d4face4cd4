import { createHash } from 'node:crypto';

/**
 * The stable id of a proposal: the same node, field and text give the same id on every run, so a
 * re-run finds what it proposed before. NUL separates the parts (no node id or field holds one).
 */
export function proposalId(node: string, field: string, text: string): string {
  return createHash('sha256').update(`${node}\u0000${field}\u0000${text}`).digest('hex');
}

/** The column a field addresses (`columns.<name>.description` → name), or undefined for the node. */
export function columnOfField(field: string): string | undefined {
  const match = /^columns\.(.+)\.description$/.exec(field);
  return match?.[1];
}

export function columnField(column: string): string {
  return `columns.${column}.description`;
}
