/**
 * The project's voice: a few descriptions people wrote on nodes near this one (parents and
 * children first, then further out), bounded by tokens. Sent as data, like every project text.
 * Manifest descriptions are rendered, so a `{{ doc() }}` shows as the text a person wrote.
 */
import type { DocGraph } from '../graph/build-graph.js';
import { isRealDescription, type DocState } from '../inheritance/doc-state.js';

/** Token bound of the examples block (the brief: a few examples, not a corpus). */
export const STYLE_EXAMPLE_TOKENS = 300;
const MAX_EXAMPLES = 6;
const MAX_DISTANCE = 4;

function oneLine(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** Lines `- node.column: text`, nearest first, within `maxTokens`; '' when there is none. */
export function styleExamples(
  id: string,
  state: DocState,
  graph: DocGraph,
  placeholders: ReadonlySet<string>,
  countTokens: (text: string) => number,
  maxTokens = STYLE_EXAMPLE_TOKENS,
): string {
  const seen = new Set([id]);
  let ring = [id];
  const lines: string[] = [];
  let tokens = 0;
  const offer = (line: string): boolean => {
    const cost = countTokens(line) + 1;
    if (tokens + cost > maxTokens) return false;
    lines.push(line);
    tokens += cost;
    return lines.length < MAX_EXAMPLES;
  };
  for (let distance = 1; distance <= MAX_DISTANCE && ring.length > 0; distance++) {
    const next: string[] = [];
    for (const current of ring) {
      for (const neighbour of [...graph.parents(current), ...graph.children(current)]) {
        if (seen.has(neighbour)) continue;
        seen.add(neighbour);
        next.push(neighbour);
      }
    }
    for (const neighbour of next) {
      const doc = state.get(neighbour);
      if (doc === undefined) continue;
      // The manifest's texts, not this run's state: what the run synthesizes is not a person's
      // voice, and a re-run before the next `dbt parse` then sends the same examples.
      const own: string[] = [];
      if (isRealDescription(doc.node.description, placeholders)) own.push(`- ${doc.node.name}: ${oneLine(doc.node.description)}`);
      for (const column of doc.node.columns) {
        if (isRealDescription(column.description, placeholders)) own.push(`- ${doc.node.name}.${column.name}: ${oneLine(column.description)}`);
      }
      // One or two per node, so the examples show the voice of several authors and places.
      for (const line of own.slice(0, 2)) if (!offer(line)) return lines.join('\n');
    }
    ring = next;
  }
  return lines.join('\n');
}
