import { DOCUMENT_FLAGS } from './document-flags.js';

/** The README's option table, one section per group, from the same table as `--help`. */
export function optionsMarkdown(): string {
  const groups = [...new Set(DOCUMENT_FLAGS.map((f) => f.group))];
  const lines: string[] = [];
  for (const group of groups) {
    lines.push(`**${group}**`, '', '| option | meaning |', '|---|---|');
    for (const f of DOCUMENT_FLAGS.filter((x) => x.group === group)) {
      const extra = [f.defaultText ? `default: ${f.defaultText}` : '', f.env ? `env: ${f.env}` : ''].filter(Boolean).join('; ');
      lines.push(`| \`${f.flags.replace(/\|/g, '\\|')}\` | ${f.description.replace(/\|/g, '\\|')}${extra ? ` (${extra})` : ''} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
