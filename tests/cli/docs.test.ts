/** The user documentation in the package: complete for the CLI, and linking only inside the repository. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flagSyntax, specOf } from '../../src/config/options-table.js';
import { DOCUMENT_OPTION_KEYS } from '../../src/cli/add-options.js';
import { optionsMarkdown, varsMarkdown } from '../../src/cli/options-markdown.js';

const root = path.resolve(__dirname, '../..');
const userDocs = ['README.md', ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('docs/', () => {
  it('docs/cli.md lists every flag, from the table --help is built from', () => {
    const cli = readFileSync(path.join(root, 'docs/cli.md'), 'utf8');
    const block = /<!-- options:start -->\n([\s\S]*?)<!-- options:end -->/.exec(cli)?.[1];
    expect(block, 'run `node scripts/options-doc.mjs --write`').toBe(optionsMarkdown());
    for (const key of DOCUMENT_OPTION_KEYS) expect(cli).toContain(flagSyntax(specOf(key)).split(' ')[0]?.replace(/,$/, ''));
  });

  it('docs/cli.md lists every dbt_project.yml key, from the same table', () => {
    const cli = readFileSync(path.join(root, 'docs/cli.md'), 'utf8');
    const block = /<!-- vars:start -->\n([\s\S]*?)<!-- vars:end -->/.exec(cli)?.[1];
    expect(block, 'run `node scripts/options-doc.mjs --write`').toBe(varsMarkdown());
    expect(block).toContain('| `llm.max_cost` | `--llm-max-cost` |');
  });

  it('docs/inheritance.md, docs/synthesis.md and docs/cli.md exist and the README links to them', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const doc of ['docs/inheritance.md', 'docs/synthesis.md', 'docs/cli.md']) {
      expect(existsSync(path.join(root, doc)), doc).toBe(true);
      expect(readme).toContain(`](${doc})`);
    }
  });

  it.each(userDocs)('%s links only to files inside the repository', (doc) => {
    const text = readFileSync(path.join(root, doc), 'utf8');
    expect(text, `${doc} points into ../shared`).not.toMatch(/\.\.\/shared/);
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string).filter((t) => !/^[a-z]+:/.test(t) && !t.startsWith('#'));
    for (const target of targets) {
      const resolved = path.resolve(path.dirname(path.join(root, doc)), target.split('#')[0] as string);
      expect(resolved.startsWith(root + path.sep), `${doc}: ${target} leaves the repository`).toBe(true);
      expect(existsSync(resolved), `${doc}: ${target} does not exist`).toBe(true);
    }
  });
});
