import path from 'node:path';

/** `p` with forward slashes: the manifest, reports and schema-file keys use them on every OS. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** `p` relative to `base`, with forward slashes. */
export function toPosixRelative(base: string, p: string): string {
  return toPosix(path.relative(base, p));
}
