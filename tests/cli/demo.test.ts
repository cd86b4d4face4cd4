/** `npm run demo` (scripts/demo.mjs, on the built CLI): what it ends with must be true. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/run-cli.js';

describe('the demo', () => {
  it('ends by saying the LLM part is only priced, not that there is nothing to change', () => {
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/demo.mjs')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(run.status, run.stderr).toBe(0);
    const plan = run.stdout.slice(run.stdout.indexOf('--synthesize --llm-dry-run'));
    expect(plan).toMatch(/total +\d+/);
    expect(plan).not.toMatch(/^Nothing to change/m);
    expect(plan).toMatch(/^Inheritance alone: nothing to change\./m);
    expect(plan).toMatch(/^LLM: \d+ calls for \d+ nodes still to make/m);
    const last = run.stdout.trimEnd().split('\n').at(-1) ?? '';
    expect(last).toMatch(/^Done: the inherited docs are written; the LLM part is only priced above \(no key, no call\)/);
  });
});
