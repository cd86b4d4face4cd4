import path from 'node:path';
import type { RenderedFiles } from '../edits/rendered-files.js';
import type { SchemaFile, YamlEdit } from '../yaml/types.js';
import { applyYamlEdits } from '../yaml/apply-edits.js';
import { OsmosisError } from '../errors.js';
import { assertAllInsideProject, describeWriteError, writeFileAtomic, writeFilesConcurrently } from '../yaml/write-files.js';
import { nodeFileSystem } from '../node-ports.js';

/** Each file's new text from its edits, through the byte-stable splicer; unchanged files dropped. */
export function renderEdits(edits: ReadonlyMap<string, YamlEdit[]>, files: ReadonlyMap<string, SchemaFile>): RenderedFiles {
  const out: RenderedFiles = new Map();
  for (const [file, fileEdits] of edits) {
    const existing = files.get(file);
    if (!existing || fileEdits.length === 0) continue;
    const after = applyYamlEdits(existing.text, fileEdits, existing.document);
    if (after !== existing.text) out.set(file, { before: existing.text, after, isNew: false });
  }
  return out;
}

/**
 * Writes every rendered file atomically, refusing any path outside the project. The first file
 * that cannot be written stops the writes (the caller records nothing as applied), with an error
 * naming that file and why in words, not the temp file the write went through.
 */
export async function writeRendered(projectDir: string, rendered: RenderedFiles): Promise<void> {
  await assertAllInsideProject(nodeFileSystem, projectDir, rendered.keys());
  await writeFilesConcurrently([...rendered], ([file, change]) =>
    writeFileAtomic(path.join(projectDir, file), change.after).catch((error: unknown) => {
      const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
      throw new OsmosisError(typeof code === 'string' ? `io-${code.toLowerCase()}` : 'io-write', `could not write ${file}: ${describeWriteError(error)}`, { cause: error });
    }),
  );
}
