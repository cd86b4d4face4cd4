/**
 * Random small projects (a chain of models) whose schema.yml is written by hand-rolled rules with
 * random styling: indent, sequence indentation, CRLF, comments, quoting, flow mappings, blank lines.
 */
import fc from 'fast-check';

export interface StyledColumn { name: string; description?: string; quote: 'plain' | 'single' | 'double'; flow: boolean; comment: boolean }
export interface StyledModel { name: string; columns: StyledColumn[]; blankBefore: boolean }
export interface StyledProject { indent: 2 | 4; seqIndented: boolean; crlf: boolean; header: boolean; models: StyledModel[] }

const word = fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'key: value', 'it\'s', 'a "quoted" word', '#hash', 'ünï', '{{ x }}');
const text = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => `${w.join(' ')}.`);

export const genStyledProject: fc.Arbitrary<StyledProject> = fc.record({
  indent: fc.constantFrom(2 as const, 4 as const),
  seqIndented: fc.boolean(),
  crlf: fc.boolean(),
  header: fc.boolean(),
  models: fc.array(
    fc.record({
      columns: fc.uniqueArray(fc.constantFrom('id', 'name', 'amount', 'status', 'created_at'), { minLength: 1, maxLength: 5 }).chain((names) =>
        fc.tuple(...names.map((n) => fc.record({ name: fc.constant(n), description: fc.option(text, { nil: undefined }), quote: fc.constantFrom('plain' as const, 'single' as const, 'double' as const), flow: fc.boolean(), comment: fc.boolean() }))),
      ),
      blankBefore: fc.boolean(),
    }),
    { minLength: 2, maxLength: 4 },
  ).map((ms) => ms.map((m, i) => ({ ...m, name: `m${i}` }))),
});

function scalar(t: string, quote: StyledColumn['quote']): string {
  const plainOk = /^[A-Za-z][^:#'"{}\n]*$/.test(t) && !t.includes(': ') && !t.includes(' #');
  if (quote === 'plain' && plainOk) return t;
  if (quote === 'single') return `'${t.replace(/'/g, "''")}'`;
  return JSON.stringify(t);
}

export function renderStyled(p: StyledProject): string {
  const i1 = ' '.repeat(p.indent);
  const seq = p.seqIndented ? i1 : '';
  const lines: string[] = [];
  if (p.header) lines.push('# generated header comment');
  lines.push('version: 2', 'models:');
  for (const m of p.models) {
    if (m.blankBefore) lines.push('');
    lines.push(`${seq}- name: ${m.name}`, `${seq}  columns:`);
    const cseq = `${seq}  ${p.seqIndented ? i1 : ''}`;
    for (const c of m.columns) {
      const comment = c.comment ? ' # note' : '';
      if (c.flow) lines.push(`${cseq}- {name: ${c.name}${c.description !== undefined ? `, description: ${JSON.stringify(c.description)}` : ''}}${comment}`);
      else {
        lines.push(`${cseq}- name: ${c.name}${comment}`);
        if (c.description !== undefined) lines.push(`${cseq}  description: ${scalar(c.description, c.quote)}`);
      }
    }
  }
  return `${lines.join(p.crlf ? '\r\n' : '\n')}${p.crlf ? '\r\n' : '\n'}`;
}

/** What inheritance must give: each missing column takes the nearest upstream description (chain m0 → m1 → …). */
export function expectedDescriptions(p: StyledProject): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (let i = 0; i < p.models.length; i++) {
    for (const c of p.models[i]!.columns) {
      let d = c.description;
      for (let j = i - 1; d === undefined && j >= 0; j--) if (out.has(`m${j}.${c.name}`)) d = out.get(`m${j}.${c.name}`);
      out.set(`m${i}.${c.name}`, d);
    }
  }
  return out;
}
