import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionsMarkdown } from '../../src/cli/options-markdown.js';
import { VERSION } from '../../src/version.js';

const root = path.resolve(__dirname, '../..');

describe('README and package metadata', () => {
  it("the README's option table is the one --help is built from", () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const block = /<!-- options:start -->\n([\s\S]*?)<!-- options:end -->/.exec(readme)?.[1];
    expect(block, 'run `node scripts/options-doc.mjs --write`').toBe(optionsMarkdown());
  });

  it('opens with the install-and-demo command and the test command', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toContain('npm ci && npm run demo');
    expect(firstBlock).toContain('npm test');
  });

  it('the version in src/version.ts is the package version', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(VERSION).toBe(pkg.version);
  });
});
