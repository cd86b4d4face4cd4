import fc from 'fast-check';
import type { YamlEdit } from '../../src/yaml/types.js';

/** Random schema YAML written by hand-rolled rules (independent of the code under test). */

type Style = 'plain' | 'single' | 'double' | 'literal';
interface GenText { text: string; style: Style }
interface GenColumn { name: string; description?: GenText; dataType?: string; descFirst: boolean; comment?: string; flow: boolean }
interface GenModel { name: string; description?: GenText; columns?: GenColumn[]; blankBefore: boolean; comment?: string }
export interface GenDoc { indent: 2 | 4; seqIndented: boolean; crlf: boolean; trailingNewline: boolean; header?: string; models: GenModel[] }

const word = fc.stringMatching(/^w[a-z]{2,6}$/);
const plainText = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '));
const anyLine = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !/[\n\r\u0085\u2028\u2029\ufeff]/.test(s) && /^[\x20-\x7e\u00a0-\uffff]*$/u.test(s));
const comment = fc.option(plainText.map((t) => `# ${t}`), { nil: undefined });

const genText: fc.Arbitrary<GenText> = fc.oneof(
  plainText.map((text) => ({ text, style: 'plain' as const })),
  anyLine.map((text) => ({ text, style: 'single' as const })),
  anyLine.map((text) => ({ text, style: 'double' as const })),
  fc.array(plainText, { minLength: 1, maxLength: 3 }).map((ls) => ({ text: `${ls.join('\n')}\n`, style: 'literal' as const })),
);

function genColumns(prefix: string): fc.Arbitrary<GenColumn[]> {
  return fc.array(
    fc.record({
      description: fc.option(genText, { nil: undefined }),
      dataType: fc.option(fc.constantFrom('int', 'varchar', 'numeric(10, 2)'), { nil: undefined }),
      descFirst: fc.boolean(),
      comment,
      flow: fc.boolean(),
    }),
    { maxLength: 4 },
  ).map((cols) => cols.map((c, i) => ({ ...c, name: `${prefix}_c${i}`, flow: c.flow && c.description?.style !== 'literal' })));
}

export const genDoc: fc.Arbitrary<GenDoc> = fc.record({
  indent: fc.constantFrom(2 as const, 4 as const),
  seqIndented: fc.boolean(),
  crlf: fc.boolean(),
  trailingNewline: fc.boolean(),
  header: comment,
  models: fc.array(
    fc.record({
      description: fc.option(genText, { nil: undefined }),
      columns: fc.option(fc.constant(null), { nil: undefined }),
      blankBefore: fc.boolean(),
      comment,
    }),
    { minLength: 1, maxLength: 4 },
  ),
}).chain((doc) =>
  fc.tuple(...doc.models.map((_, i) => fc.option(genColumns(`m${i}`), { nil: undefined }))).map((columnLists) => ({
    ...doc,
    models: doc.models.map((m, i) => ({ ...m, name: `m${i}`, columns: columnLists[i] })),
  })),
);

function scalar(t: GenText, contentPad: string): string {
  switch (t.style) {
    case 'plain': return t.text;
    case 'single': return `'${t.text.replaceAll("'", "''")}'`;
    case 'double': return JSON.stringify(t.text);
    case 'literal': return `|\n${t.text.slice(0, -1).split('\n').map((l) => contentPad + l).join('\n')}`;
  }
}

export function renderGenDoc(doc: GenDoc): string {
  const seqPad = doc.seqIndented ? ' '.repeat(doc.indent) : '';
  const lines = ['version: 2', ...(doc.header ? [doc.header] : []), '', 'models:'];
  const itemPad = `${seqPad}  `;
  for (const model of doc.models) {
    if (model.blankBefore) lines.push('');
    lines.push(`${seqPad}- name: ${model.name}${model.comment ? `  ${model.comment}` : ''}`);
    if (model.description) lines.push(`${itemPad}description: ${scalar(model.description, itemPad + ' '.repeat(doc.indent))}`);
    if (!model.columns) continue;
    if (model.columns.length === 0) { lines.push(`${itemPad}columns: []`); continue; }
    lines.push(`${itemPad}columns:`);
    const colPad = itemPad + (doc.seqIndented ? ' '.repeat(doc.indent) : '');
    for (const col of model.columns) {
      const fields: string[] = [`name: ${col.name}`];
      if (col.dataType) fields.push(`data_type: ${col.flow ? `'${col.dataType}'` : col.dataType}`);
      if (col.description) {
        const d = `description: ${scalar(col.description, `${colPad}  ${' '.repeat(doc.indent)}`)}`;
        if (col.descFirst) fields.unshift(d); else fields.push(d);
      }
      if (col.flow) { lines.push(`${colPad}- {${fields.join(', ')}}${col.comment ? ` ${col.comment}` : ''}`); continue; }
      fields.forEach((f, i) => lines.push(`${i === 0 ? `${colPad}- ` : `${colPad}  `}${f}${i === 0 && col.comment ? ` ${col.comment}` : ''}`));
    }
  }
  // Literal block scalars were joined with \n; the whole text takes the document's line ending.
  const text = lines.join('\n').replaceAll('\n', doc.crlf ? '\r\n' : '\n');
  return doc.trailingNewline ? text + (doc.crlf ? '\r\n' : '\n') : text;
}

const TRICKY = [
  '', ' ', '#', 'null', '~', 'yes', 'N', '0x1F', '1e3', '2020-01-01', '- a', '? x', '{{ doc("a") }}', "it's", 'a: b',
  'a #b', 'ends:', 'tab\there', 'trailing ', ' leading', 'multi\nline\n', 'x\n\n', 'x\n\ny', '\ttab-start', 'a\r\nb',
  'café 日本語 😀', 'bell\u0007', 'sep\u2028x', '"quoted"', "'single'", '|', '> folded', '@at', '`tick`', '%pct', '!bang',
  '*star', '&amp', '[x]', '{y}', 'a, b', 'first\n  indented\n', '\nleading newline', 'line\n',
];
const editText = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 30 }), plainText);

/** Shapes added to a generated file; each keeps its meaning for PyYAML. */
export interface Twists {
  folded: boolean;
  /** Spaces of a whitespace-only line put after `- name:` lines (0 = none). */
  blankLinePad: number;
  /** Spaces before a comment line put after `- name:` lines, deeper than the keys (0 = none). */
  deepCommentPad: number;
  /** What follows the last character of every line: nothing, two spaces or a tab. */
  lineEnd: '' | '  ' | '\t';
  /** Keys written in double quotes (`"name": m0`). */
  quotedKeys: boolean;
  /** A `---` line first. */
  documentStart: boolean;
  /** A space before the colon of block keys (`name : m0`). */
  spaceBeforeColon: boolean;
  /** A byte order mark first (U+FEFF), as some Windows editors save. */
  bom: boolean;
}

export function twist(text: string, twists: Twists): string {
  let out = twists.folded ? text.replace(/description: \|(\r?\n)/g, 'description: >$1') : text;
  if (twists.blankLinePad > 0) {
    out = out.replace(/^( *- name: [^\r\n]*)(\r?\n)/gm, (_m, line: string, eol: string) => `${line}${eol}${' '.repeat(twists.blankLinePad)}${eol}`);
  }
  if (twists.deepCommentPad > 0) {
    out = out.replace(/^( *- name: [^\r\n]*)(\r?\n)/gm, (_m, line: string, eol: string) => `${line}${eol}${' '.repeat(twists.deepCommentPad)}# a note${eol}`);
  }
  if (twists.lineEnd !== '') out = out.replace(/([^\s])(\r?\n|$)/g, `$1${twists.lineEnd}$2`);
  if (twists.quotedKeys) out = out.replace(/^( *(?:- )?)(name|description|columns|data_type|models|version):/gm, '$1"$2":');
  if (twists.spaceBeforeColon) out = out.replace(/^( *(?:- )?"?[a-z_]+"?):/gm, '$1 :');
  if (twists.documentStart) out = `---${/\r\n/.test(out) ? '\r\n' : '\n'}${out}`;
  if (twists.bom) out = `\ufeff${out}`;
  return out;
}

export const genTwists: fc.Arbitrary<Twists> = fc.record({
  folded: fc.boolean(),
  blankLinePad: fc.constantFrom(0, 0, 12, 20),
  deepCommentPad: fc.constantFrom(0, 0, 10),
  lineEnd: fc.constantFrom('' as const, '  ' as const, '\t' as const),
  quotedKeys: fc.boolean(),
  documentStart: fc.boolean(),
  spaceBeforeColon: fc.boolean(),
  bom: fc.boolean(),
});

/** Random edits against a generated document: each path is set at most once. */
export function genEdits(doc: GenDoc): fc.Arbitrary<YamlEdit[]> {
  const options: fc.Arbitrary<YamlEdit>[] = [
    fc.record({ name: word, description: editText }).map((c) => ({ op: 'append' as const, path: ['models'], value: { name: c.name, description: c.description } })),
  ];
  doc.models.forEach((model, m) => {
    options.push(editText.map((value) => ({ op: 'set' as const, path: ['models', m, 'description'], value })));
    options.push(fc.record({ name: word, description: editText, data_type: fc.constantFrom('int', 'text') })
      .map((value) => ({ op: 'append' as const, path: ['models', m, 'columns'], value })));
    model.columns?.forEach((_, c) => {
      options.push(editText.map((value) => ({ op: 'set' as const, path: ['models', m, 'columns', c, 'description'], value })));
      options.push(editText.map((v) => ({ op: 'set' as const, path: ['models', m, 'columns', c, 'meta'], value: { note: v, n: 1 } })));
    });
  });
  return fc.array(fc.oneof(...options), { maxLength: 8 }).map((edits) => {
    const seen = new Set<string>();
    return edits.filter((e) => e.op === 'append' || (!seen.has(JSON.stringify(e.path)) && seen.add(JSON.stringify(e.path))));
  });
}
