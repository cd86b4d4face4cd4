import type { DocumentOptions } from './types.js';
import type { ConfigOrigins } from './origins.js';
import { ConfigError } from './errors.js';
import { parseBoolean, parseString, parseStringList } from './parse-values.js';
import { fromFlag, fromVars, pickOptional, pickOrDefault, type Candidate } from './pick-setting.js';
import type { OsmosisVars } from './project-vars.js';
import type { RawFlags } from './raw-flags.js';

type Env = Record<string, string | undefined>;

/** The dbt-osmosis `yaml document` options osmosis-ts adds to its own, with their dbt_project.yml keys. */
type ParityOptions = Pick<
  DocumentOptions,
  | 'fqn'
  | 'skipAddSourceColumns'
  | 'skipInheritDescriptions'
  | 'skipAddTags'
  | 'skipMergeMeta'
  | 'skipInheritanceForMetaKeys'
  | 'addInheritanceForSpecifiedKeys'
  | 'numericPrecisionAndScale'
  | 'stringLength'
  | 'scaffoldEmptyConfigs'
  | 'stripEofBlankLines'
  | 'formatter'
>;

const BOOLEANS = [
  ['skipAddSourceColumns', '--skip-add-source-columns', 'skip_add_source_columns'],
  ['skipInheritDescriptions', '--skip-inherit-descriptions', 'skip_inherit_descriptions'],
  ['skipAddTags', '--skip-add-tags', 'skip_add_tags'],
  ['skipMergeMeta', '--skip-merge-meta', 'skip_merge_meta'],
  ['numericPrecisionAndScale', '--numeric-precision-and-scale', 'numeric_precision_and_scale'],
  ['stringLength', '--string-length', 'string_length'],
  ['scaffoldEmptyConfigs', '--scaffold-empty-configs', 'scaffold_empty_configs'],
  ['stripEofBlankLines', '--strip-eof-blank-lines', 'strip_eof_blank_lines'],
] as const;

const LISTS = [
  ['skipInheritanceForMetaKeys', '--skip-inheritance-for-meta-keys', 'skip_inheritance_for_meta_keys'],
  ['addInheritanceForSpecifiedKeys', '--add-inheritance-for-specified-keys', 'add_inheritance_for_specified_keys'],
] as const;

/** A repeatable flag given at least once wins; otherwise the dbt_project.yml list. */
function listCandidates(flag: string, raw: string[] | undefined, vars: OsmosisVars, key: string): Candidate[] {
  return [fromFlag(flag, raw !== undefined && raw.length > 0 ? raw : undefined), fromVars(vars.top.get(key))];
}

/**
 * dbt-osmosis's inheritance and output knobs: flag > `vars: dbt-osmosis:` key (dbt-osmosis's own
 * spelling with underscores) > default. `--include-external` is refused here, before any work.
 */
export function resolveParityOptions(flags: RawFlags, env: Env, vars: OsmosisVars, origins: ConfigOrigins): ParityOptions {
  if (flags.includeExternal === true) {
    throw new ConfigError(
      '--include-external is not supported: osmosis-ts writes only the project in --project-dir, because the files of ' +
        'installed packages (dbt_packages/) are replaced by the next `dbt deps` and edits there would be lost. ' +
        "Upstream packages' docs are still inherited from. To document a package, run osmosis-ts in the package's own " +
        'project (--project-dir path/to/package).',
    );
  }
  if (flags.fusionCompat !== undefined) {
    throw new ConfigError(
      `--${flags.fusionCompat ? '' : 'no-'}fusion-compat is not supported: osmosis-ts already writes new tags and meta where each file keeps them ` +
        '(under config: in a file that uses config.tags / config.meta, the dbt 1.10 and Fusion style; at the top level otherwise), ' +
        'so a file never mixes both. Leave the flag out.',
    );
  }
  const out: ParityOptions = {};
  for (const [key, flag, varKey] of BOOLEANS) {
    out[key] = pickOrDefault(key, origins, [fromFlag(flag, flags[key]), fromVars(vars.top.get(varKey))], parseBoolean, env, false);
  }
  // dbt-osmosis's negative spelling; commander already maps --no-scaffold-empty-configs to false.
  if (flags.keepEofBlankLines === true) {
    out.stripEofBlankLines = false;
    origins['stripEofBlankLines'] = fromFlag('--keep-eof-blank-lines', true).origin;
  }
  for (const [key, flag, varKey] of LISTS) {
    out[key] = pickOrDefault(key, origins, listCandidates(flag, flags[key], vars, varKey), parseStringList, env, []);
  }
  if (flags.fqn !== undefined && flags.fqn.length > 0) {
    out.fqn = [...flags.fqn];
    origins['fqn'] = fromFlag('--fqn', true).origin;
  }
  const formatter = pickOptional('formatter', origins, [fromFlag('--formatter', flags.formatter), fromVars(vars.top.get('formatter'))], parseString, env);
  if (formatter !== undefined) out.formatter = formatter;
  return out;
}
