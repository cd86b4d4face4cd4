import { createTwoFilesPatch } from 'diff';

/** New text of each changed file, by path relative to the project dir. */
export type RenderedFiles = Map<string, { before: string; after: string; isNew: boolean }>;

/** One unified diff of every rendered file, sorted by path (a new file is a diff from /dev/null). */
export function unifiedDiff(files: RenderedFiles): string {
  return [...files.keys()]
    .sort()
    .map((file) => {
      const change = files.get(file);
      if (!change) return '';
      return createTwoFilesPatch(change.isNew ? '/dev/null' : `a/${file}`, `b/${file}`, change.before, change.after, '', '', { context: 3 });
    })
    .join('');
}
