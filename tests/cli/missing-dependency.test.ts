import { describe, expect, it } from 'vitest';
import { describeMissingDependency } from '../../src/cli/missing-dependency.js';

function importError(message: string, code = 'ERR_MODULE_NOT_FOUND'): Error {
  return Object.assign(new Error(message), { code });
}

describe('a missing optional dependency', () => {
  it('names the package and how to install it', () => {
    const advice = describeMissingDependency(importError("Cannot find package 'openai' imported from /env/lib/node_modules/osmosis-ts/dist/llm/providers/openai-chat.js"));
    expect(advice).toContain("the package 'openai' is not installed");
    expect(advice).toContain('npm install -g openai @anthropic-ai/sdk @keyv/sqlite keyv gpt-tokenizer');
    expect(advice).toContain('osmosis-ts-synthesize hook installs them');
  });

  it('recognizes a subpath import and a CommonJS require', () => {
    expect(describeMissingDependency(importError("Cannot find module 'gpt-tokenizer/cjs/encoding/o200k_base'", 'MODULE_NOT_FOUND'))).toContain("'gpt-tokenizer'");
  });

  it('explains an unbuilt sqlite3 with a way out', () => {
    const advice = describeMissingDependency(new Error('Could not locate the bindings file. Tried: → /x/node_modules/sqlite3/build/node_sqlite3.node'));
    expect(advice).toContain('npm run prepare');
    expect(advice).toContain('npm rebuild sqlite3');
    expect(advice).toContain('--no-llm-cache');
  });

  it('leaves other errors alone, including a missing package that is not optional', () => {
    expect(describeMissingDependency(importError("Cannot find package 'yaml' imported from /x.js"))).toBeUndefined();
    expect(describeMissingDependency(new Error('boom'))).toBeUndefined();
    expect(describeMissingDependency('not an error')).toBeUndefined();
  });
});
