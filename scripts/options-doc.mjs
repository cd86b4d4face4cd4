#!/usr/bin/env node
// Prints the README's option table from the one options table (src/cli/document-flags.ts).
// `node scripts/options-doc.mjs --write` replaces the block between the markers in README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { optionsMarkdown } from '../dist/cli/options-markdown.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const table = optionsMarkdown();
if (process.argv.includes('--write')) {
  const file = path.join(root, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const next = readme.replace(/(<!-- options:start -->\n)[\s\S]*?(<!-- options:end -->)/, `$1${table}$2`);
  writeFileSync(file, next);
} else {
  process.stdout.write(table);
}
