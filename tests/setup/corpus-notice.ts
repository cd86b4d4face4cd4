/**
 * Says, at the start and the end of a run, whether the corpus tests ran: without `../shared/corpus`
 * beside the repository (a plain clone) they are skipped, and the summary should say so rather than
 * let a reader take a green run for a full one.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/index.json');

function notice(): string | undefined {
  if (existsSync(CORPUS)) return undefined;
  return 'corpus: ../shared/corpus is not beside this clone, so the corpus tests are skipped (the rest of the suite ran in full).';
}

export function setup(): () => void {
  const text = notice();
  if (text) process.stdout.write(`\n${text}\n`);
  return () => {
    if (text) process.stdout.write(`\n${text}\n`);
  };
}
