#!/usr/bin/env node
// Runs from `prepare`. package.json's allowScripts denies sqlite3's own install script (npm 11+),
// so pre-commit's install of the hooks (`npm install` in its clone, which sets NODE_VIRTUAL_ENV)
// compiles nothing: the offline hooks never load SQLite. Every other install (`npm ci`, CI) gets
// sqlite3 built here, exactly as its install script would: a prebuilt binary, else node-gyp.
// Older npm ignores allowScripts and has already built it; then this finds the binary and stops.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

if (process.env.NODE_VIRTUAL_ENV) {
  // Nothing on stdout: pre-commit reads the tarball name from `npm pack`'s stdout, and pack runs prepare.
  console.error('sqlite3: not built for pre-commit (the offline hooks do not use it)');
  process.exit(0);
}
let dir;
try {
  dir = path.dirname(createRequire(import.meta.url).resolve('sqlite3/package.json'));
} catch {
  process.exit(0); // Not installed (e.g. `npm ci --omit=dev`): nothing to build.
}
if (existsSync(path.join(dir, 'build/Release/node_sqlite3.node'))) process.exit(0);
console.error(`sqlite3: building ${dir} (a prebuilt binary when one can be downloaded, else from source: minutes)`);
const result = spawnSync('prebuild-install -r napi || node-gyp rebuild', { cwd: dir, shell: true, stdio: ['ignore', 2, 2] });
if (result.status !== 0) {
  console.error(`sqlite3: the build failed (exit ${result.status}); the LLM response cache needs it. Install a C++ toolchain and Python (node-gyp), then run \`npm run prepare\`.`);
  process.exit(result.status ?? 1);
}
