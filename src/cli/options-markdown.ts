import { OPTION_KEYS, flagSyntax, specOf } from '../config/options-table.js';
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

/** The keys under `vars: dbt-osmosis:` in dbt_project.yml, with the flag each stands for. */
export function varsMarkdown(): string {
  const lines = ['| key under `vars: dbt-osmosis:` | flag | meaning |', '|---|---|---|'];
  for (const key of OPTION_KEYS) {
    const spec = specOf(key);
    if (spec.varKey === undefined) continue;
    const keys = [spec.varKey, ...(spec.varAliases ?? [])].map((k) => `\`${k}\``).join(', ');
    lines.push(`| ${keys} | ${spec.flag ? `\`${spec.flag}\`` : '-'} | ${cell(helpOf(spec))} |`);
  }
  return `${lines.join('\n')}\n`;
}
