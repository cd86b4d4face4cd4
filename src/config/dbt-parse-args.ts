import type { RawFlags } from './read-flags.js';
import { parsePositiveInt } from './parse-values.js';

/** The flags osmosis-ts hands to `dbt parse`, in dbt's spelling, with the flag each came from. */
export function dbtParseArgs(flags: RawFlags): { args: string[]; given: string[] } {
  const args: string[] = [];
  const given: string[] = [];
  const add = (flag: string, value: string | undefined): void => {
    if (value === undefined || value === '') return;
    args.push(flag, value);
    given.push(flag);
  };
  add('--profile', flags.profile);
  add('--target', flags.target);
  add('--profiles-dir', flags.profilesDir);
  add('--threads', flags.threads === undefined ? undefined : String(parsePositiveInt(flags.threads, '--threads')));
  add('--vars', flags.vars);
  return { args, given };
}
