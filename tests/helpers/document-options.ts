/** `DocumentOptions` for library-level tests: the CLI's defaults, overridden where a test needs. */
import { DEFAULT_PLACEHOLDERS, type DocumentOptions } from '../../src/config/types.js';

export function documentOptions(projectDir: string, overrides: Partial<DocumentOptions> = {}): DocumentOptions {
  return {
    projectDir,
    select: [],
    exclude: [],
    positional: [],
    dryRun: false,
    check: false,
    forceInheritDescriptions: false,
    skipAddColumns: false,
    skipAddDataTypes: false,
    addProgenitorToMeta: false,
    placeholders: [...DEFAULT_PLACEHOLDERS],
    synthesize: false,
    ...overrides,
  };
}
