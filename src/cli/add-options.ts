import { Option, type Command } from 'commander';
import { OPTION_KEYS, defaultHelp, flagSyntax, specOf, type OptionKey, type SettingSpec } from '../config/options-table.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The help line: the table's text with its default and environment variable. */
export function helpOf(spec: SettingSpec): string {
  const fallback = defaultHelp(spec);
  const env = spec.env ?? spec.envHelp;
  const extra = [fallback ? `default: ${fallback}` : '', env ? `env: ${env}` : ''].filter(Boolean).join('; ');
  return extra ? `${spec.help} (${extra})` : spec.help;
}

/** The settings that are `yaml document` flags, in table (and help) order. */
export const DOCUMENT_OPTION_KEYS: readonly OptionKey[] = OPTION_KEYS.filter((key) => specOf(key).group !== undefined);

/** Adds these settings of the options table to a command, as commander options. */
export function addOptions(cmd: Command, keys: readonly OptionKey[]): Command {
  for (const key of keys) {
    const spec = specOf(key);
    if (spec.flag === undefined) continue;
    const option = new Option(flagSyntax(spec), helpOf(spec));
    if (spec.kind === 'list' && spec.arg?.includes('...') !== true) option.argParser(collect);
    cmd.addOption(option);
    if (spec.negationHelp !== undefined) cmd.addOption(new Option(spec.flag.replace(/^--/, '--no-'), spec.negationHelp));
  }
  return cmd;
}
