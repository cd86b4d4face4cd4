import path from 'node:path';
import type { DocumentOptions } from './config/types.js';

/**
 * The options with every file path made absolute against the run's `cwd` port. The CLI's options
 * are absolute already; a library caller's relative path means relative to the `cwd` it passed,
 * never to the process's directory, which the core does not read.
 */
export function resolveOptionPaths(options: DocumentOptions, cwd: string): DocumentOptions {
  const abs = (p: string | undefined): string | undefined => (p === undefined ? undefined : path.resolve(cwd, p));
  const resolved: DocumentOptions = { ...options, projectDir: path.resolve(cwd, options.projectDir) };
  if (options.manifestPath !== undefined) resolved.manifestPath = abs(options.manifestPath);
  if (options.catalogPath !== undefined) resolved.catalogPath = abs(options.catalogPath);
  const s = options.synthesis;
  if (s) {
    resolved.synthesis = { ...s };
    if (s.cachePath !== undefined) resolved.synthesis.cachePath = abs(s.cachePath);
    if (s.promptFile !== undefined) resolved.synthesis.promptFile = abs(s.promptFile);
    if (s.styleGuideFile !== undefined) resolved.synthesis.styleGuideFile = abs(s.styleGuideFile);
  }
  return resolved;
}
