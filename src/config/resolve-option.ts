import { ConfigError } from './errors.js';
import type { ConfigOrigins } from './origins.js';
import { OPTIONS, specOf, type OptionKey, type Options, type ValueOf } from './options-table.js';
import { fromEnv, fromFlag, fromVars, pickSetting, type Candidate, type Picked } from './pick-setting.js';
import type { OsmosisVars, VarEntry } from './project-vars.js';
import type { RawFlags } from './read-flags.js';
import { baseFor, resolvePath, type PathBases } from './resolve-path.js';

type Env = Record<string, string | undefined>;

/** What resolving a setting reads from, and where it records each origin. */
export interface OptionContext {
  flags: RawFlags;
  env: Env;
  vars: OsmosisVars;
  origins: ConfigOrigins;
  bases: PathBases;
  /** Maps a table path to the origin key (`llm test` records `llm.model`, not `synthesis.llm.model`). */
  at?: (path: string) => string;
}

/** Settings whose table entry has a typed default. */
export type KeyWithDefault = { [K in OptionKey]: Options[K] extends { default: unknown } ? K : never }[OptionKey];

/**
 * `llm.max_cost` → the entry under `vars.dbt-osmosis.llm`; `formatter` → the top-level one;
 * `synthesis.mark` → `mark` inside the top-level `synthesis:` mapping.
 */
function varEntry(vars: OsmosisVars, key: string): VarEntry | undefined {
  if (key.startsWith('llm.')) return vars.llm.get(key.slice('llm.'.length));
  const [head = '', ...rest] = key.split('.');
  let entry = vars.top.get(head);
  for (const part of rest) {
    if (entry === undefined || entry.value === null || entry.value === undefined) return undefined;
    if (typeof entry.value !== 'object' || Array.isArray(entry.value)) {
      throw new ConfigError(`${entry.key} in dbt_project.yml: expected a mapping such as {${part}: …}`);
    }
    entry = { value: (entry.value as Record<string, unknown>)[part], key: `${entry.key}.${part}` };
  }
  return entry;
}

function flagRaw(key: OptionKey, flags: RawFlags): unknown {
  const spec = specOf(key);
  const raw: unknown = (flags as Record<string, unknown>)[key];
  // A repeatable flag never given arrives as [] from some callers: not set.
  if (Array.isArray(raw) && raw.length === 0) return undefined;
  // Commander sets a lone `--no-x` field to true when the flag is absent; only false was typed.
  if (spec.flag?.startsWith('--no-') === true) return raw === false ? false : undefined;
  return raw;
}

/** The layers of one setting in precedence order: flag, environment, dbt_project.yml (and its older keys). */
export function candidatesOf(key: OptionKey, ctx: OptionContext): Candidate[] {
  const spec = specOf(key);
  const out: Candidate[] = [];
  if (spec.flag !== undefined) out.push(fromFlag(spec.flag, flagRaw(key, ctx.flags)));
  if (spec.env !== undefined) out.push(fromEnv(ctx.env, spec.env));
  for (const varKey of [spec.varKey, ...(spec.varAliases ?? [])]) {
    if (varKey === undefined) continue;
    const entry = varEntry(ctx.vars, varKey);
    if (entry !== undefined || varKey === spec.varKey) out.push(fromVars(entry));
  }
  return out;
}

function originKey(key: OptionKey, ctx: OptionContext): string {
  const path = specOf(key).path ?? key;
  return ctx.at ? ctx.at(path) : path;
}

/** The winning layer's parsed value (a path resolved against that layer's folder), unrecorded. */
export function pickOption<K extends OptionKey>(key: K, ctx: OptionContext, candidates = candidatesOf(key, ctx)): Picked<ValueOf<K>> | undefined {
  const spec = specOf(key);
  const picked = pickSetting(candidates, OPTIONS[key].parse as (raw: unknown, label: string) => ValueOf<K>, ctx.env);
  if (picked === undefined || spec.isPath !== true || typeof picked.value !== 'string') return picked;
  const resolved = resolvePath(picked.value, baseFor(picked.origin.kind, ctx.bases), ctx.bases.homedir);
  return { value: resolved as ValueOf<K>, origin: picked.origin };
}

/** The setting's value, or undefined when no layer sets it; the origin is recorded when one does. */
export function optionalOption<K extends OptionKey>(key: K, ctx: OptionContext, candidates?: Candidate[]): ValueOf<K> | undefined {
  const picked = pickOption(key, ctx, candidates);
  if (picked !== undefined) ctx.origins[originKey(key, ctx)] = picked.origin;
  return picked?.value;
}

/** The setting's value, else the table's default (recorded as the origin `default`). */
export function resolveOption<K extends KeyWithDefault>(key: K, ctx: OptionContext, candidates?: Candidate[]): ValueOf<K> {
  const picked = pickOption(key, ctx, candidates);
  ctx.origins[originKey(key, ctx)] = picked?.origin ?? { kind: 'default' };
  if (picked !== undefined) return picked.value;
  const fallback = OPTIONS[key].default as ValueOf<K>;
  // Lists are copied so a caller editing its options never edits the table.
  return (Array.isArray(fallback) ? [...fallback] : fallback) as ValueOf<K>;
}
