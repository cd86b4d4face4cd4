import { isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { YamlEditError, formatYamlPath } from './errors.js';
import { chompEofBlockScalar } from './eof-block-scalar.js';
import { planAliasExpansions, type Expansion } from './expand-aliases.js';
import { NodeLocator, contentEnd, findPair, hasMergeKey, isNullNode, type ValueSlot } from './locate-yaml-node.js';
import { parseYamlText } from './parse-yaml-text.js';
import type { ScalarStyle } from './render-yaml-scalar.js';
import { isPlainObject, renderFlowValue, renderInlineValue, renderItemLines, renderKey, renderPairLines } from './render-yaml-value.js';
import { columnAt, detectLayout, itemBlockStart, lineBreakAt, nextLineStart, readIntoBlockScalar, type TextLayout } from './text-layout.js';
import type { YamlEdit, YamlPath } from './types.js';

/** Replace `[start, end)` of the original text; `end === start` inserts. Rendered at the end so grouped appends share one. */
interface Splice {
  start: number;
  end: number;
  render: () => string;
  order: number;
  /**
   * For new lines at the same offset, the deeper structure goes first: an inner mapping's new key
   * (larger column), and at one column a sequence item before a key of the mapping holding it.
   */
  depth: number;
  /** The edit this splice comes from, for conflict messages. */
  path: YamlPath;
}

/**
 * Applies edits by splicing the original text at node offsets from a single parse: every byte
 * outside the changed values stays as it was. Where an edit reaches text other nodes share (an
 * alias, a merged key, an anchored node that is reused), a private copy is written out so the
 * others keep their meaning. Throws (changing nothing) when an edit addresses a missing path, a
 * mapping with a duplicate key or an anchor a merge key uses, or when two edits touch the same text.
 */
export function applyYamlEdits(text: string, edits: readonly YamlEdit[], parsed?: Document.Parsed): string {
  if (edits.length === 0) return text;
  // A parse of this very text (from the reader) is reused; the editor only reads it.
  const doc = parsed ?? parseYamlText('<input>', text);
  const plan = planAliasExpansions(doc, edits);
  const editor = new SpliceBuilder(text, new NodeLocator(doc, text, plan.unshared), detectLayout(doc, text), doc.contents as Node | null);
  plan.direct.forEach((edit) => (edit.op === 'set' ? editor.set(edit.path, edit.value, edit.after, edit.before) : editor.append(edit.path, edit.value, edit.before)));
  plan.expansions.forEach((expansion) => editor.expand(expansion));
  return editor.apply();
}

class SpliceBuilder {
  private readonly splices: Splice[] = [];
  /** Sequences this run creates, by path, so several appends to one missing key make one sequence. */
  private readonly createdSequences = new Map<string, unknown[]>();
  private currentPath: YamlPath = [];

  constructor(
    private readonly text: string,
    private readonly locator: NodeLocator,
    private readonly layout: TextLayout,
    private readonly root: Node | null,
  ) {}

  set(path: YamlPath, value: unknown, after?: string, before?: readonly string[]): void {
    this.currentPath = path;
    const key = lastStep(path);
    const parentPath = path.slice(0, -1);
    if (parentPath.length === 0 && this.root === null) return this.insertIntoEmptyDocument(String(key), value);
    const parent = this.locator.collectionAt(parentPath);
    if (isMap(parent) && typeof key === 'string' && !findPair(parent, key)) return this.insertPair(parent, key, value, after, before);
    this.replaceValue(this.locator.slotAt(path), value);
  }

  append(path: YamlPath, item: unknown, before?: number): void {
    this.currentPath = path;
    const created = this.createdSequences.get(JSON.stringify(path));
    if (created) return void created.push(item);
    const key = lastStep(path);
    const parentPath = path.slice(0, -1);
    const items = [item];
    if (parentPath.length === 0 && this.root === null) {
      this.createdSequences.set(JSON.stringify(path), items);
      return this.insertIntoEmptyDocument(String(key), items);
    }
    const parent = this.locator.collectionAt(parentPath);
    if (isMap(parent) && typeof key === 'string' && !findPair(parent, key)) {
      // A new own key would hide every item the merged mapping gives this one.
      if (hasMergeKey(parent)) throw new YamlEditError('yaml-edit-alias', path, `key '${key}' may come from a merge key (<<); appending would replace the merged list`);
      this.createdSequences.set(JSON.stringify(path), items);
      return this.insertPair(parent, key, items);
    }
    const slot = this.locator.slotAt(path);
    const node = slot.node;
    const emptyFlow = isSeq(node) && node.flow === true && node.items.length === 0;
    // `columns:` / `columns: []` under a block parent become a block sequence, as a person would write it.
    if (isNullNode(node) || (emptyFlow && !slot.flowParent && (isPlainObject(item) || Array.isArray(item)))) {
      this.createdSequences.set(JSON.stringify(path), items);
      return this.replaceValue(slot, items, true);
    }
    if (!isSeq(node)) throw new YamlEditError('yaml-edit-unsupported', path, 'append needs a sequence here');
    if (node.flow) return this.insertIntoFlow(node, renderFlowValue(item));
    this.appendBlockItem(node, item, before);
  }

  /** Writes out a private copy where an edit reaches shared text (see `planAliasExpansions`). */
  expand(expansion: Expansion): void {
    this.currentPath = expansion.path;
    if (expansion.kind === 'alias') {
      const slot = this.locator.slotAt(expansion.path, true);
      const [start, end] = slot.node.range ?? [0, 0];
      const value = expansion.value;
      // `- *x` standing for a mapping becomes `- key: …` with the keys lined up after the dash.
      if (typeof lastStep(expansion.path) === 'number' && !slot.flowParent && isPlainObject(value) && !isEmpty(value)) {
        const column = columnAt(this.text, start);
        const lines = Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : renderPairLines(k, v, column, this.layout)));
        return this.splice(start, end, () => lines.join(this.layout.eol).slice(column));
      }
      return this.replaceValue(slot, value);
    }
    const parent = this.locator.collectionAt(expansion.path.slice(0, -1));
    if (!isMap(parent)) throw new YamlEditError('yaml-edit-unsupported', expansion.path, 'a merged key needs a mapping');
    this.insertPair(parent, String(lastStep(expansion.path)), expansion.value);
  }

  apply(): string {
    this.keepEofBlockScalar();
    const sorted = [...this.splices].sort(
      (a, b) =>
        a.start - b.start || Number(a.end > a.start) - Number(b.end > b.start) || b.depth - a.depth || a.order - b.order,
    );
    const parts: string[] = [];
    let position = 0;
    let previous: Splice | undefined;
    for (const splice of sorted) {
      if (previous && splice.start < position) {
        const other = formatYamlPath(previous.path);
        throw new YamlEditError('yaml-edit-conflict', splice.path, `another edit (of ${other}) changes the same text; merge them into one edit`);
      }
      previous = splice;
      parts.push(this.text.slice(position, splice.start), splice.render());
      position = splice.end;
    }
    parts.push(this.text.slice(position));
    return parts.join('');
  }

  /** See `chompEofBlockScalar`: only when lines are added at the end and no edit replaces that scalar. */
  private keepEofBlockScalar(): void {
    const text = this.text;
    if (!this.splices.some((s) => s.start === text.length && s.end === text.length)) return;
    const fix = chompEofBlockScalar(this.root, text);
    if (!fix || this.splices.some((s) => s.start <= fix.start && fix.start < s.end)) return;
    this.currentPath = [];
    this.splice(fix.start, fix.end, () => fix.header);
  }

  private splice(start: number, end: number, render: () => string, depth = 0): void {
    this.splices.push({ start, end, render, order: this.splices.length, depth, path: this.currentPath });
  }

  /**
   * A new `key: value` on the line after the `after` key's value when the mapping has that key,
   * else after the mapping's last entry (before trailing comments and blank lines).
   */
  private insertPair(map: YAMLMap, key: string, value: unknown, after?: string, before?: readonly string[]): void {
    if (map.flow) return this.insertIntoFlow(map, `${renderKey(key, true)}: ${renderFlowValue(value)}`);
    const firstKey = (map.items[0]?.key as Node | null)?.range?.[0] ?? map.range?.[0] ?? 0;
    const column = columnAt(this.text, firstKey);
    const anchor = after === undefined ? undefined : findPair(map, after);
    const anchorEnd = anchor ? contentEnd((anchor.value as Node | null) ?? (anchor.key as Node)) : undefined;
    if (anchorEnd === undefined) {
      const ahead = this.lineStartOfKey(map, before ?? [], column);
      if (ahead !== undefined) return this.insertLines(ahead, (layout) => renderPairLines(key, value, column, layout), column * 2, column);
    }
    const at = nextLineStart(this.text, anchorEnd ?? contentEnd(map));
    // Top-level sections of schema files are set apart by a blank line.
    const blankFirst = map === this.root && !/\n\r?\n$/.test(this.text.slice(0, at));
    this.insertLines(at, (layout) => [...(blankFirst ? [''] : []), ...renderPairLines(key, value, column, layout)], column * 2, column);
  }

  /**
   * The start of the line of the first of `keys` the mapping has (above the comments right over
   * it), when that key begins its line at the mapping's column (the first key of a `- ` item does
   * not: its line holds the dash).
   */
  private lineStartOfKey(map: YAMLMap, keys: readonly string[], column: number): number | undefined {
    for (const key of keys) {
      const start = (findPair(map, key)?.key as Node | null | undefined)?.range?.[0];
      if (start === undefined) continue;
      let lineStart = this.text.lastIndexOf('\n', start - 1) + 1;
      if (start - lineStart !== column || this.text.slice(lineStart, start).trim() !== '') return undefined;
      // Comment lines right above a key belong to it: the new key goes above them.
      while (lineStart > 0) {
        const previous = this.text.lastIndexOf('\n', lineStart - 2) + 1;
        if (!this.text.slice(previous, lineStart).trim().startsWith('#')) break;
        lineStart = previous;
      }
      return lineStart;
    }
    return undefined;
  }

  private appendBlockItem(seq: YAMLSeq, item: unknown, before?: number): void {
    const dashColumn = columnAt(this.text, seq.range?.[0] ?? 0);
    const first = seq.items[0] as Node | null;
    const keyGap =
      isMap(first) && !first.flow && first.range ? Math.max(2, columnAt(this.text, first.range[0]) - dashColumn) : 2;
    const beforeItem = before === undefined ? undefined : (seq.items[before] as Node | null | undefined);
    const at = beforeItem?.range ? itemBlockStart(this.text, beforeItem.range[0]) : nextLineStart(this.text, contentEnd(seq));
    // Where every item is set apart by a blank line, the new one is too (after it when it goes
    // before an item, whose blank line above then separates it from the previous one).
    const apart = this.itemsSetApart(seq);
    const lines = (layout: TextLayout): string[] => {
      const rendered = renderItemLines(item, dashColumn, layout, keyGap);
      if (!apart) return rendered;
      return beforeItem ? [...rendered, ''] : ['', ...rendered];
    };
    this.insertLines(at, lines, dashColumn * 2 + 1, dashColumn);
  }

  /** Every gap between items holds a blank line; two gaps at least, so one stray blank is not a habit. */
  private itemsSetApart(seq: YAMLSeq): boolean {
    const items = seq.items as (Node | null)[];
    if (items.length < 3) return false;
    return items.slice(1).every((item, i) => {
      const previous = items[i];
      if (!item?.range || !previous) return false;
      return /\n[ \t]*\r?\n/.test(this.text.slice(contentEnd(previous), itemBlockStart(this.text, item.range[0])));
    });
  }

  private insertIntoEmptyDocument(key: string, value: unknown): void {
    this.insertLines(this.text.length, (layout) => renderPairLines(key, value, 0, layout), 0, 0);
  }

  /**
   * Whole lines at a line start, the outermost at `column`; at the end of a file without a final
   * newline, the break goes first. Lines rendered there, or just before lines a block scalar
   * would read as its text (readIntoBlockScalar), hold no block scalar: it would lose its final
   * line break, or take those lines in. Any block scalar's text is deeper than `column`.
   */
  private insertLines(at: number, render: (layout: TextLayout) => string[], depth: number, column: number): void {
    const eol = this.layout.eol;
    const needsLeadingBreak = at === this.text.length && at > 0 && !this.text.endsWith('\n');
    // At the end of a file without a final break, a block scalar's own final `\n` would be lost.
    const noBlock = needsLeadingBreak || readIntoBlockScalar(this.text, at, column + 1);
    const layout = noBlock ? { ...this.layout, blockScalars: false } : this.layout;
    const trimmed = this.text.replace(/^\uFEFF/, '');
    const onlyTrivia = at === this.text.length && this.root === null && trimmed.trim() === '';
    this.splice(at, at, () => {
      const body = render(layout).join(eol);
      if (onlyTrivia) return body + eol;
      return needsLeadingBreak ? eol + body : body + eol;
    }, depth);
  }

  /** `, entry` before the closing bracket of `{...}` / `[...]`. */
  private insertIntoFlow(node: YAMLMap | YAMLSeq, entry: string): void {
    const close = (node.range?.[1] ?? 0) - 1;
    if (this.text[close] !== (isMap(node) ? '}' : ']')) {
      throw new YamlEditError('yaml-edit-unsupported', [], `no closing bracket at offset ${close}`);
    }
    let end = close;
    while (end > 0 && /\s/.test(this.text[end - 1] ?? '')) end--;
    const previous = this.text[end - 1];
    const separator = previous === '{' || previous === '[' ? '' : previous === ',' ? ' ' : ', ';
    this.splice(end, end, () => separator + entry);
  }

  private replaceValue(slot: ValueSlot, value: unknown, forceBlock = false): void {
    const node = slot.node;
    const [start, valueEnd] = node.range ?? [0, 0];
    const blockCollection = (isPlainObject(value) || Array.isArray(value)) && !isEmpty(value);
    if (slot.flowParent) {
      const rendered = renderFlowValue(value, styleOf(node));
      return this.splice(start, valueEnd, () => (start === valueEnd ? ` ${rendered}` : rendered));
    }
    if ((isMap(node) || isSeq(node)) && !node.flow) return this.replaceBlockCollection(slot, value, blockCollection);
    if (blockCollection && (isMap(node) || isSeq(node)) && !forceBlock) {
      // An existing flow collection keeps its flow look.
      return this.splice(start, valueEnd, () => renderFlowValue(value));
    }
    if (blockCollection) return this.replaceWithBlockBelow(slot, valueEnd, value);
    this.replaceScalar(slot, value);
  }

  private replaceScalar(slot: ValueSlot, value: unknown): void {
    const node = slot.node;
    const [start, valueEnd] = node.range ?? [0, 0];
    const isBlockScalar = isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
    // A block scalar owns its last line break; keep that break (and whatever follows) untouched.
    const end = isBlockScalar ? this.lineBreakBefore(valueEnd) : valueEnd;
    const restOfLine = this.text.slice(end, lineBreakAt(this.text, end));
    const restIsBlank = isBlockScalar || restOfLine.trim() === '';
    // A new block scalar would read a following whitespace-only line's spaces, or a comment
    // indented deeper than its key, as its text.
    // On the last line of a file without a final break, a block scalar would lose its final `\n`.
    const lastLine = lineBreakAt(this.text, end) === this.text.length && !this.text.endsWith('\n') && String(value).endsWith('\n');
    const blockAllowed = !lastLine && (isBlockScalar || (restIsBlank && !readIntoBlockScalar(this.text, nextLineStart(this.text, end), slot.ownerColumn + 1)));
    const blockColumn = isBlockScalar ? this.blockContentColumn(node, slot) : slot.ownerColumn + this.layout.indentUnit;
    const rendered = renderInlineValue(value, blockColumn, this.layout, {
      blockAllowed,
      preferred: styleOf(node),
    });
    const becomesBlock = /^[|>]/.test(rendered) && typeof value === 'string';
    // Trailing spaces after a new block header would read as content; drop them with the old value.
    const spliceEnd = becomesBlock && !isBlockScalar ? lineBreakAt(this.text, end) : end;
    if (start === valueEnd && !isBlockScalar) {
      // `key:` with no value: the text between the colon and a comment is whitespace only.
      const padAfter = restIsBlank || becomesBlock ? '' : ' ';
      return this.splice(slot.indicatorEnd, becomesBlock ? spliceEnd : start, () => ` ${rendered}${padAfter}`);
    }
    this.splice(start, spliceEnd, () => rendered);
  }

  /** Replaces a scalar with a block collection written on the lines below its key. */
  private replaceWithBlockBelow(slot: ValueSlot, valueEnd: number, value: unknown): void {
    const end = lineBreakAt(this.text, Math.max(valueEnd, slot.indicatorEnd));
    const comment = this.text.slice(Math.max(valueEnd, slot.indicatorEnd), end).trim();
    this.splice(slot.indicatorEnd, end, () => {
      const lines = this.renderBlockBelow(slot.ownerColumn, value);
      return (comment ? ` ${comment}` : '') + this.layout.eol + lines.join(this.layout.eol);
    });
  }

  private replaceBlockCollection(slot: ValueSlot, value: unknown, blockCollection: boolean): void {
    const node = slot.node as YAMLMap | YAMLSeq;
    const start = node.range?.[0] ?? 0;
    const end = this.lineBreakBefore(contentEnd(node));
    const sameKind = isSeq(node) ? Array.isArray(value) : isPlainObject(value);
    if (blockCollection && sameKind) {
      const column = columnAt(this.text, start);
      return this.splice(start, end, () => {
        const lines = Array.isArray(value)
          ? value.flatMap((item) => renderItemLines(item, column, this.layout))
          : Object.entries(value as object).flatMap(([k, v]) => (v === undefined ? [] : renderPairLines(k, v, column, this.layout)));
        return lines.join(this.layout.eol).slice(column);
      });
    }
    if (blockCollection) {
      return this.splice(slot.indicatorEnd, end, () =>
        this.layout.eol + this.renderBlockBelow(slot.ownerColumn, value).join(this.layout.eol));
    }
    this.splice(slot.indicatorEnd, end, () => ` ${renderInlineValue(value, 0, this.layout, { blockAllowed: false })}`);
  }

  private renderBlockBelow(ownerColumn: number, value: unknown): string[] {
    if (Array.isArray(value)) {
      return value.flatMap((item) => renderItemLines(item, ownerColumn + this.layout.seqIndent, this.layout));
    }
    const column = ownerColumn + this.layout.indentUnit;
    return Object.entries(value as object).flatMap(([k, v]) => (v === undefined ? [] : renderPairLines(k, v, column, this.layout)));
  }

  /** For text ending just after a line break, the offset of that break (so it is kept); else the line's end. */
  private lineBreakBefore(offset: number): number {
    if (offset > 0 && this.text[offset - 1] === '\n') return offset - (this.text[offset - 2] === '\r' ? 2 : 1);
    return lineBreakAt(this.text, offset);
  }

  /** The indentation an existing block scalar's content uses, when deeper than its owner. */
  private blockContentColumn(node: Node, slot: ValueSlot): number {
    const [start, end] = node.range ?? [0, 0];
    const match = /\n( *)\S/.exec(this.text.slice(start, end));
    const found = match?.[1]?.length ?? 0;
    return found > slot.ownerColumn ? found : slot.ownerColumn + this.layout.indentUnit;
  }
}

function styleOf(node: Node): ScalarStyle | undefined {
  if (!isScalar(node) || typeof (node as Scalar).value !== 'string') return undefined;
  switch (node.type) {
    case 'PLAIN': return 'plain';
    case 'QUOTE_SINGLE': return 'single';
    case 'QUOTE_DOUBLE': return 'double';
    case 'BLOCK_LITERAL': return 'literal';
    case 'BLOCK_FOLDED': return 'folded';
    default: return undefined;
  }
}

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.values(value).every((v) => v === undefined);
}

function lastStep(path: YamlPath): string | number {
  const key = path[path.length - 1];
  if (key === undefined) throw new YamlEditError('yaml-edit-missing-path', path, 'an edit needs a non-empty path');
  return key;
}
