#!/usr/bin/env node
// `npm run demo`: runs osmosis-ts on a temporary copy of the demo project, fixtures/jaffle with
// the files of examples/jaffle_shop on top (so both stay clean): shows the diff it would write,
// writes it, shows that a second run is clean and what an LLM would still be asked for, priced.
// Needs no API key and no network.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const work = mkdtempSync(path.join(tmpdir(), 'osmosis-ts-demo-'));
const project = path.join(work, 'jaffle_shop');
cpSync(path.join(root, 'fixtures', 'jaffle'), project, { recursive: true });
cpSync(path.join(root, 'examples', 'jaffle_shop'), project, { recursive: true });

const cli = path.join(root, 'bin', 'osmosis-ts.js');
const env = { ...process.env, XDG_CACHE_HOME: path.join(work, 'cache') };
function run(title, args) {
  process.stdout.write(`\n\x1b[1m$ osmosis-ts ${args.join(' ')}\x1b[0m   # ${title}\n`);
  const result = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit', env, cwd: project });
  process.stdout.write(`(exit code ${result.status})\n`);
  return result.status;
}

try {
  run('where each column of customers comes from (column lineage from the SQL)', ['lineage', 'customers']);
  run('what would change, as a diff (writes nothing)', ['yaml', 'document', '--dry-run']);
  run('inherit the docs and write the YAML', ['yaml', 'document']);
  run('the CI / pre-commit check: clean now', ['yaml', 'document', '--check']);
  run('what an LLM would still be asked for, priced, without any call', ['yaml', 'document', '--synthesize', '--llm-dry-run', '--llm-provider', 'openai', '--llm-model', 'gpt-4o-mini', '--llm-max-cost', '0.01']);
  process.stdout.write(`\nDone: the inherited docs are written; the LLM part is only priced above (no key, no call). With a key, \`--synthesize --llm-max-cost 0.01\` would write it. (Set OSMOSIS_DEMO_KEEP=1 to keep the copy in ${work}.)\n`);
} finally {
  if (process.env.OSMOSIS_DEMO_KEEP !== '1') rmSync(work, { recursive: true, force: true });
}
