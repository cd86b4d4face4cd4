import { flagSyntax, specOf } from '../config/options-table.js';
import { DOCUMENT_OPTION_KEYS, helpOf } from './add-options.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The README's option table, one section per group, from the same table as `--help`. */
export function optionsMarkdown(): string {
  const specs = DOCUMENT_OPTION_KEYS.map(specOf);
  const groups = [...new Set(specs.map((s) => s.group))];
  const lines: string[] = [];
  for (const group of groups) {
    lines.push(`**${group}**`, '', '| option | meaning |', '|---|---|');
    for (const spec of specs.filter((s) => s.group === group)) {
      lines.push(`| \`${cell(flagSyntax(spec))}\` | ${cell(helpOf(spec))} |`);
      if (spec.negationHelp !== undefined && spec.flag !== undefined) lines.push(`| \`${spec.flag.replace(/^--/, '--no-')}\` | ${cell(spec.negationHelp)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
