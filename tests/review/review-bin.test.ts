/**
 * The review workflow through the built binary (bin/osmosis-ts.js → dist/, built by `npm test`),
 * as a user types it: propose, approve, apply, export.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanTemps, copyExample, REPO_ROOT } from '../helpers/run-cli.js';
import { startReviewLlm, type ReviewLlm } from './review-llm.js';

const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'bin/osmosis-ts.js');
let llm: ReviewLlm;
beforeAll(async () => {
  llm = await startReviewLlm();
});
afterAll(async () => {
  await llm.close();
  cleanTemps();
});

async function osmosis(args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...llm.env('Terminal User'), HOME: cwd, NO_COLOR: '1' } });
}

describe('osmosis-ts review (the built binary)', () => {
  it('propose, approve --all, apply, export: the YAML holds the approved text and the CSV names who did it', async () => {
    const dir = copyExample();
    const proposed = await osmosis(['yaml', 'document', '--synthesize', '--review'], dir);
    expect(proposed.stdout).toMatch(/Review: \d+ proposals created/);
    const listed = JSON.parse((await osmosis(['review', 'list', '--format', 'json'], dir)).stdout).proposals as { current: string; node: string }[];
    expect(listed.length).toBeGreaterThan(0);
    expect((await osmosis(['review', 'approve', '--all'], dir)).stdout).toContain(`${listed.length} proposal(s) approved by Terminal User`);
    expect((await osmosis(['review', 'apply'], dir)).stdout).toContain(`${listed.length} proposal(s) applied`);
    const staging = readFileSync(path.join(dir, 'models/staging/schema.yml'), 'utf8');
    for (const p of listed.filter((x) => x.node.includes('.stg_'))) expect(staging).toContain(p.current);
    const csv = (await osmosis(['review', 'export', '--format', 'csv'], dir)).stdout;
    expect(csv.split('\r\n').filter((r) => r.includes(',apply,') && r.includes('Terminal User'))).toHaveLength(listed.length);
  }, 120_000);
});
