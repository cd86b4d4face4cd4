import { columnOfField } from '../review/proposal-id.js';
import type { Proposal } from '../review/types.js';

const TEXT_WIDTH = 90;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > TEXT_WIDTH ? `${flat.slice(0, TEXT_WIDTH - 1)}…` : flat;
}

/** `review list`: proposals grouped by node, with short ids a person can type back. */
export function formatProposalList(proposals: readonly Proposal[]): string {
  if (proposals.length === 0) return 'No proposals.\n';
  const byNode = new Map<string, Proposal[]>();
  for (const p of proposals) byNode.set(p.node, [...(byNode.get(p.node) ?? []), p]);
  const lines: string[] = [];
  for (const [node, items] of [...byNode].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`${node}  (${items[0]?.path ?? ''})`);
    for (const p of items) {
      const column = columnOfField(p.field);
      // An enrichment field (`columns.email.tags`, `meta.business_purpose`) names itself.
      const target = p.enrichment ? p.field : column === undefined ? '(description)' : column;
      const spread = p.inheritedBy.length > 0 ? `  [+${p.inheritedBy.length} inheriting]` : '';
      lines.push(`  ${p.id.slice(0, 12)}  ${p.status.padEnd(11)}  ${target}: ${oneLine(p.current)}${spread}`);
    }
  }
  const counts = new Map<string, number>();
  for (const p of proposals) counts.set(p.status, (counts.get(p.status) ?? 0) + 1);
  lines.push('', [...counts].map(([s, n]) => `${n} ${s}`).join(', '));
  return `${lines.join('\n')}\n`;
}
