#!/usr/bin/env node
// Prints the README's option table from the one options table (src/config/options-table.ts).
// `node scripts/options-doc.mjs --write` replaces the block between the markers in README.md and
// docs/cli.md, and the dbt_project.yml key list in docs/cli.md.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { optionsMarkdown, varsMarkdown } from '../dist/cli/options-markdown.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const table = optionsMarkdown();
if (process.argv.includes('--write')) {
  // The README and docs/cli.md hold the same generated block.
  for (const name of ['README.md', 'docs/cli.md']) {
    const file = path.join(root, name);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/(<!-- options:start -->\n)[\s\S]*?(<!-- options:end -->)/, `$1${table}$2`));
  }
  // docs/cli.md also lists the dbt_project.yml keys.
  const cli = path.join(root, 'docs/cli.md');
  writeFileSync(cli, readFileSync(cli, 'utf8').replace(/(<!-- vars:start -->\n)[\s\S]*?(<!-- vars:end -->)/, `$1${varsMarkdown()}$2`));
} else {
  process.stdout.write(table);
}
