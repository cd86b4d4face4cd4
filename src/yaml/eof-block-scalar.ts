import { visit, type Node, type Scalar } from 'yaml';

/**
 * A `|` / `>` scalar that runs to the end of a file without a final line break has no trailing
 * `\n` for dbt's PyYAML; once lines are added after it, it would gain one. This returns the
 * header that keeps its text (`|-` / `>-`, indentation indicator kept) and where it goes, or
 * undefined when there is no such scalar or its header already strips.
 */
export function chompEofBlockScalar(root: Node | null, text: string): { start: number; end: number; header: string } | undefined {
  if (!root || text.endsWith('\n') || text.endsWith('\r')) return undefined;
  let scalar: Scalar | undefined;
  visit(root, {
    Scalar: (_key, node) => {
      if ((node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') && node.range?.[1] === text.length) scalar = node;
    },
  });
  const start = scalar?.range?.[0];
  if (!scalar || start === undefined || typeof scalar.value !== 'string' || scalar.value.endsWith('\n')) return undefined;
  const header = /^[|>]([1-9]?)([+-]?)([1-9]?)/.exec(text.slice(start));
  if (!header || header[2] === '-') return undefined;
  return { start, end: start + header[0].length, header: `${text[start]}${header[1] ?? ''}${header[3] ?? ''}-` };
}
