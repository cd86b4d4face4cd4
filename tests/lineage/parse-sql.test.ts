import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { choosesBaselineWasmCompiler } from '../../src/lineage/parse-sql.js';
import { compileSrcModule } from '../helpers/compile-src-module.js';

describe("the SQL parser's WebAssembly compiler", () => {
  test('osmosis-ts asks for the baseline compiler only unless the process was given a WebAssembly compiler flag', () => {
    expect(choosesBaselineWasmCompiler([], undefined)).toBe(true);
    expect(choosesBaselineWasmCompiler(['--enable-source-maps', '--experimental-wasm-modules'], '--max-old-space-size=4096')).toBe(true);
    expect(choosesBaselineWasmCompiler(['--no-liftoff-only'], undefined)).toBe(false);
    expect(choosesBaselineWasmCompiler([], '--max-old-space-size=4096 --wasm-tier-up')).toBe(false);
    expect(choosesBaselineWasmCompiler(['--liftoff'], '')).toBe(false);
  });

  test('a process that loads the parser prints nothing about V8 flags and parses as before', async () => {
    // V8 prints "Error: unrecognized flag" on stderr for a flag it does not know.
    const script = [
      "import { createSqlParser } from './out/lineage/parse-sql.js';",
      'const parser = await createSqlParser();',
      "console.log(JSON.stringify(parser.parse('select a as b from t', 'duckdb').ok));",
    ].join('\n');
    const dir = await compileSrcModule('lineage/parse-sql.ts', { 'run.mjs': script }, 'parse-sql');
    try {
      const run = spawnSync(process.execPath, [path.join(dir, 'run.mjs')], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('true');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
