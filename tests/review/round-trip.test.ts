/**
 * The review round trip: `--synthesize --review`, then `review approve --all`, then `review
 * apply`, must end byte-identical to a direct `--synthesize` run with the same cached answers.
 * On the bundled demo project (always) and on the corpus projects (when ../shared/corpus exists).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanTemps, copyExample, runCli } from '../helpers/run-cli.js';
import { startReviewLlm, type ReviewLlm } from './review-llm.js';
import { yamlFiles } from './yaml-files.js';

let llm: ReviewLlm | undefined;
afterEach(async () => {
  await llm?.close();
  llm = undefined;
  cleanTemps();
});

describe('review round trip', () => {
  it('demo project: --review, approve --all, apply == a direct --synthesize run (same cached answers)', async () => {
    llm = await startReviewLlm();
    const server = llm.server;
    const env = llm.env('Round Trip <rt@example.com>');
    const direct = copyExample();
    const reviewed = copyExample();

    const first = await runCli(['yaml', 'document', '--synthesize', '--format', 'json'], { cwd: direct, env });
    expect(first.code, first.stderr).toBe(0);
    const callsAfterDirect = server.requests.length;
    expect(callsAfterDirect).toBeGreaterThan(0);

    const proposed = await runCli(['yaml', 'document', '--synthesize', '--review', '--format', 'json'], { cwd: reviewed, env });
    expect(proposed.code, proposed.stderr).toBe(0);
    const report = JSON.parse(proposed.stdout);
    expect(report.proposals.created).toBeGreaterThan(0);
    // Same answers from the cache: the review run asked nothing new.
    expect(server.requests.length).toBe(callsAfterDirect);
    // Nothing synthesized reached the YAML yet.
    const beforeApply = yamlFiles(reviewed);
    expect([...beforeApply.values()].join('\n')).not.toContain(JSON.parse(readFileSync(path.join(reviewed, '.osmosis/proposals.jsonl'), 'utf8').split('\n')[0]!).proposed);

    expect([...beforeApply.entries()].some(([file, text]) => yamlFiles(direct).get(file) !== text)).toBe(true);
    const listed = JSON.parse((await runCli(['review', 'list', '--format', 'json'], { cwd: reviewed, env })).stdout);
    expect(listed.proposals).toHaveLength(report.proposals.created);
    expect(new Set(listed.proposals.map((p: { id: string }) => p.id)).size).toBe(listed.proposals.length);

    const approve = await runCli(['review', 'approve', '--all'], { cwd: reviewed, env });
    expect(approve.code, approve.stderr).toBe(0);
    expect(approve.stdout).toContain(`${report.proposals.created} proposal(s) approved by Round Trip <rt@example.com>`);
    const apply = await runCli(['review', 'apply'], { cwd: reviewed, env });
    expect(apply.code, apply.stderr).toBe(0);

    const want = yamlFiles(direct);
    const got = yamlFiles(reviewed);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [file, text] of want) expect(got.get(file), file).toBe(text);
  });
});
