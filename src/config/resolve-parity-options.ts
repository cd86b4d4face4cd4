import type { DocumentOptions } from './types.js';
import { ConfigError } from './errors.js';
import { fromFlag } from './pick-setting.js';
import { optionalOption, resolveOption, type OptionContext } from './resolve-option.js';

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

/**
 * dbt-osmosis's inheritance and output knobs: flag > `vars: dbt-osmosis:` key (dbt-osmosis's own
 * spelling with underscores) > default. `--include-external` is refused here, before any work.
 */
export function resolveParityOptions(ctx: OptionContext): ParityOptions {
  const { flags, origins } = ctx;
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
  const out: ParityOptions = {
    skipAddSourceColumns: resolveOption('skipAddSourceColumns', ctx),
    skipInheritDescriptions: resolveOption('skipInheritDescriptions', ctx),
    skipAddTags: resolveOption('skipAddTags', ctx),
    skipMergeMeta: resolveOption('skipMergeMeta', ctx),
    numericPrecisionAndScale: resolveOption('numericPrecisionAndScale', ctx),
    stringLength: resolveOption('stringLength', ctx),
    scaffoldEmptyConfigs: resolveOption('scaffoldEmptyConfigs', ctx),
    stripEofBlankLines: resolveOption('stripEofBlankLines', ctx),
  };
  // dbt-osmosis's negative spelling; commander already maps --no-scaffold-empty-configs to false.
  if (flags.keepEofBlankLines === true) {
    out.stripEofBlankLines = false;
    origins['stripEofBlankLines'] = fromFlag('--keep-eof-blank-lines', true).origin;
  }
  out.skipInheritanceForMetaKeys = resolveOption('skipInheritanceForMetaKeys', ctx);
  out.addInheritanceForSpecifiedKeys = resolveOption('addInheritanceForSpecifiedKeys', ctx);
  const fqn = optionalOption('fqn', ctx);
  if (fqn !== undefined) out.fqn = fqn;
  const formatter = optionalOption('formatter', ctx);
  if (formatter !== undefined) out.formatter = formatter;
  return out;
}
