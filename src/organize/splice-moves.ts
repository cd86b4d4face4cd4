import { applyYamlEdits } from '../yaml/apply-edits.js';
import { parseYamlText } from '../yaml/parse-yaml-text.js';
import { DEFAULT_LAYOUT, detectLayout, nextLineStart } from '../yaml/text-layout.js';
import type { EntrySection } from '../yaml/types.js';
import { entrySpan, reindent, sectionPair, sectionSeq } from './entry-spans.js';
import type { EntryMove, EntrySkip } from './plan-moves.js';

/** A file's text before and after; `after` null means the file is deleted. */
export type FileTexts = Map<string, { before: string; after: string | null }>;

/** An entry on its way: its text (re-indented at the destination) and its value (for flow sections). */
interface Carried {
  move: EntryMove;
  text: string;
  dashColumn: number;
  value: unknown;
}

/** True when nothing but `version:` and blank lines is left: such a file held only the moved entries. */
function holdsNothing(text: string): boolean {
  return text.split(/\r?\n/).every((line) => line.trim() === '' || /^version:\s*\d+\s*$/.test(line));
}

/**
 * Cuts the moved entries out of their files, byte for byte: every other line stays as it was. A
 * section left without entries loses its key; a file left with nothing but `version:` is deleted.
 */
function cutEntries(path: string, text: string, moves: EntryMove[], skipped: EntrySkip[], carried: Carried[]): string | null {
  const doc = parseYamlText(path, text);
  const cuts: { start: number; end: number }[] = [];
  const bySection = new Map<EntrySection, EntryMove[]>();
  for (const move of moves) bySection.set(move.section, [...(bySection.get(move.section) ?? []), move]);
  for (const [section, sectionMoves] of bySection) {
    const seq = sectionSeq(doc, section);
    const sectionCuts: { start: number; end: number }[] = [];
    for (const move of sectionMoves) {
      const span = seq ? entrySpan(text, seq, move.index) : undefined;
      if (!span) {
        skipped.push({ nodes: move.nodes, file: path, reason: `its entry in '${section}' is not a block list item (\`- name: …\` on its own line); move it by hand` });
        continue;
      }
      const value = doc.getIn([section, move.index], true) as { toJS?: (d: unknown) => unknown } | undefined;
      carried.push({ move, text: text.slice(span.start, span.end), dashColumn: span.dashColumn, value: value?.toJS?.(doc) });
      sectionCuts.push(span);
    }
    const keyRange = sectionPair(doc, section)?.key.range;
    if (seq?.range && keyRange && sectionCuts.length === seq.items.length) {
      // Every entry leaves: the `models:` key goes too, from its line to the end of the list.
      const start = text.lastIndexOf('\n', keyRange[0] - 1) + 1;
      let end = nextLineStart(text, seq.range[2]);
      // Between two blank lines, the section's removal would leave both: keep one.
      const blankAfter = /^\r?\n/.exec(text.slice(end));
      if (blankAfter && /(^|\n)\r?\n$/.test(text.slice(0, start))) end += blankAfter[0].length;
      cuts.push({ start, end });
    } else {
      cuts.push(...sectionCuts);
    }
  }
  let out = text;
  for (const cut of [...cuts].sort((a, b) => b.start - a.start)) out = out.slice(0, cut.start) + out.slice(cut.end);
  return holdsNothing(out) ? null : out;
}

/** Appends carried entries to a file's section: as text after its last entry, or through the edit engine for a flow or empty section. */
function appendEntries(path: string, text: string, entries: Carried[]): string {
  if (text === '') {
    const sections = new Map<EntrySection, Carried[]>();
    for (const c of entries) sections.set(c.move.section, [...(sections.get(c.move.section) ?? []), c]);
    const blocks = [...sections].map(([section, list]) => `${section}:\n${list.map((c) => withNewline(reindent(c.text, c.dashColumn, DEFAULT_LAYOUT.seqIndent))).join('')}`);
    return `version: 2\n\n${blocks.join('\n')}`;
  }
  let out = text;
  for (const c of entries) {
    const doc = parseYamlText(path, out);
    const layout = detectLayout(doc, out);
    const seq = sectionSeq(doc, c.move.section);
    const last = seq?.items.length ? entrySpan(out, seq, seq.items.length - 1) : undefined;
    if (seq && last) {
      out = out.slice(0, last.end) + withNewline(reindent(c.text, c.dashColumn, last.dashColumn), last.end === out.length) + out.slice(last.end);
    } else if (!sectionPair(doc, c.move.section)) {
      const body = withNewline(reindent(c.text, c.dashColumn, layout.seqIndent));
      out = `${withNewline(out, true)}\n${c.move.section}:\n${body}`;
    } else {
      out = applyYamlEdits(out, [{ op: 'append', path: [c.move.section], value: c.value }], doc);
    }
  }
  return out;
}

function withNewline(text: string, needed = true): string {
  return needed && text !== '' && !text.endsWith('\n') ? `${text}\n` : text;
}

/**
 * The new text of every file the moves touch: entries cut from their old file, then appended to
 * their new one (created when missing). Entries that cannot be cut cleanly are reported, not moved.
 */
export function spliceMoves(moves: readonly EntryMove[], read: (path: string) => string | undefined): { files: FileTexts; skipped: EntrySkip[]; moved: EntryMove[] } {
  const files: FileTexts = new Map();
  const skipped: EntrySkip[] = [];
  const carried: Carried[] = [];
  const current = (path: string): string => {
    const known = files.get(path);
    if (known) return known.after ?? '';
    return read(path) ?? '';
  };
  const bySource = new Map<string, EntryMove[]>();
  for (const move of moves) bySource.set(move.from, [...(bySource.get(move.from) ?? []), move]);
  for (const [path, list] of bySource) {
    const before = read(path) ?? '';
    files.set(path, { before, after: cutEntries(path, before, list, skipped, carried) });
  }
  const byTarget = new Map<string, Carried[]>();
  for (const c of carried) byTarget.set(c.move.to, [...(byTarget.get(c.move.to) ?? []), c]);
  for (const [path, list] of byTarget) {
    const before = files.get(path)?.before ?? read(path) ?? '';
    files.set(path, { before, after: appendEntries(path, current(path), list) });
  }
  return { files, skipped, moved: carried.map((c) => c.move) };
}
