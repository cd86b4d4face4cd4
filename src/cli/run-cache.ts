import { existsSync } from 'node:fs';
import { readFlags, type RawFlags } from '../config/read-flags.js';
import { ConfigError } from '../config/errors.js';
import { openResponseCache } from '../cache/response-cache.js';
import { defaultCachePath } from '../config/resolve-path.js';
import type { CliIo } from './cli-io.js';
import { resolveProjectSettings } from './resolve-project-settings.js';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The cache file `cache` commands work on: the flag, else dbt_project.yml's, else the default. */
function cachePathOf(flags: RawFlags, io: CliIo): string {
  // Resolve as a dry run of synthesis would, so the same precedence applies; no key is needed.
  const { options } = resolveProjectSettings({ ...flags, llmDryRun: true, llmProvider: flags.llmProvider ?? 'ollama' }, io, false);
  return options.synthesis?.cachePath ?? defaultCachePath(io.env, io.homedir);
}

/** `osmosis-ts cache stats|clear|prune`. */
export async function runCacheCommand(action: 'stats' | 'clear' | 'prune', flags: Record<string, unknown>, io: CliIo): Promise<number> {
  const file = cachePathOf(readFlags(flags), io);
  const maxAge = flags['maxAge'];
  if (!existsSync(file)) {
    io.term.out(`no cache at ${file} yet (it is created by the first --synthesize run)\n`);
    return 0;
  }
  const cache = await openResponseCache(file);
  try {
    if (action === 'stats') {
      const s = await cache.stats();
      io.term.out(`cache:   ${file}\nentries: ${s.entries}\nsize:    ${formatBytes(s.bytes)}\nhits:    ${s.hits}\n`);
    } else if (action === 'clear') {
      const n = await cache.clear();
      io.term.out(`cleared ${n} entries from ${file}\n`);
    } else {
      const days = Number(maxAge ?? '30');
      if (!Number.isFinite(days) || days < 0) throw new ConfigError(`--max-age: expected a number of days, got '${String(maxAge)}'`);
      const n = await cache.prune(days * 24 * 3600 * 1000);
      io.term.out(`pruned ${n} entries older than ${days} days from ${file}\n`);
    }
  } finally {
    await cache.close();
  }
  return 0;
}
