/**
 * The done-when flow from the command line, on the demo project: `--synthesize --review`, then
 * approve some, edit one, reject one, check, see the diff, apply, roll one back, export the audit
 * as CSV. Plus the guards: stale instead of overwriting a person's text, rollback conflicts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanTemps, copyExample, runCli } from '../helpers/run-cli.js';
import { startReviewLlm, type ReviewLlm } from './review-llm.js';
import { yamlFiles } from './yaml-files.js';
import { readSchemaFile } from '../../src/yaml/read-schema-file.js';
import { applyYamlEdits } from '../../src/yaml/apply-edits.js';

let llm: ReviewLlm;
beforeAll(async () => {
  llm = await startReviewLlm({ describe: (name: string) => `About ${name}: written by the fake model for review tests.` });
});
afterAll(async () => {
  await llm.close();
  cleanTemps();
});

function env(reviewer: string): Record<string, string> {
  return llm.env(reviewer);
}

interface Listed {
  id: string;
  node: string;
  field: string;
  status: string;
  current: string;
  original: string | null;
  history: { action: string; actor: string }[];
}

async function proposals(dir: string): Promise<Listed[]> {
  const run = await runCli(['review', 'list', '--format', 'json'], { cwd: dir, env: env('x') });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout).proposals as Listed[];
}

/** The description at a proposal's target, read back from the YAML. */
function yamlText(dir: string, p: Listed): string | undefined {
  const file = p.node.includes('.stg_') ? 'models/staging/schema.yml' : p.node.startsWith('seed.') ? 'seeds/_seeds.yml' : 'models/schema.yml';
  const doc = parse(readFileSync(path.join(dir, file), 'utf8'));
  const name = p.node.split('.').pop();
  const entry = [...(doc.models ?? []), ...(doc.seeds ?? [])].find((e: { name: string }) => e.name === name);
  if (p.field === 'description') return entry?.description;
  const column = p.field.split('.')[1];
  return entry?.columns?.find((c: { name: string }) => c.name === column)?.description;
}

async function proposedProject(): Promise<{ dir: string; listed: Listed[] }> {
  const dir = copyExample();
  const run = await runCli(['yaml', 'document', '--synthesize', '--review', '--format', 'json'], { cwd: dir, env: env('Model Runner') });
  expect(run.code, run.stderr).toBe(0);
  return { dir, listed: await proposals(dir) };
}

describe('review commands on the demo project', () => {
  it('approve some, edit one, reject one, check, diff, apply, roll back one, export CSV', async () => {
    const { dir, listed } = await proposedProject();
    expect(listed.length).toBeGreaterThanOrEqual(6);
    expect(listed.every((p) => p.status === 'pending' && p.history[0]?.action === 'propose' && p.history[0]?.actor === 'Model Runner')).toBe(true);
    const before = yamlFiles(dir);
    const [a, b, c, edited, rejected] = listed as [Listed, Listed, Listed, Listed, Listed];

    expect((await runCli(['review', 'approve', a.id.slice(0, 8), b.id.slice(0, 8), c.id], { cwd: dir, env: env('Ada') })).stdout).toContain('3 proposal(s) approved by Ada');
    const edit = await runCli(['review', 'edit', edited.id.slice(0, 12), '--text', 'A reviewer wrote this.'], { cwd: dir, env: env('Ada') });
    expect(edit.code, edit.stderr).toBe(0);
    const reject = await runCli(['review', 'reject', rejected.id.slice(0, 12), '--note', 'not what the column holds'], { cwd: dir, env: env('Bob') });
    expect(reject.code, reject.stderr).toBe(0);

    expect((await runCli(['review', 'apply', '--check'], { cwd: dir, env: env('Ada') })).code).toBe(1);
    const dry = await runCli(['review', 'apply', '--dry-run'], { cwd: dir, env: env('Ada') });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('+++ b/models/');
    expect(dry.stdout).toContain('A reviewer wrote this.');
    expect(dry.stdout).toContain('4 proposal(s) would apply');
    expect(yamlFiles(dir)).toEqual(before);

    const apply = await runCli(['review', 'apply'], { cwd: dir, env: env('Ada') });
    expect(apply.code, apply.stderr).toBe(0);
    for (const p of [a, b, c]) expect(yamlText(dir, p)).toBe(p.current);
    expect(yamlText(dir, edited)).toBe('A reviewer wrote this.');
    expect(yamlText(dir, rejected) ?? '').toBe(rejected.original ?? '');
    expect((await runCli(['review', 'apply', '--check'], { cwd: dir, env: env('Ada') })).code).toBe(0);

    const back = await runCli(['review', 'rollback', edited.id.slice(0, 12)], { cwd: dir, env: env('Bob') });
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain('-');
    expect(yamlText(dir, edited) ?? '').toBe(edited.original ?? '');
    expect(yamlText(dir, a)).toBe(a.current);
    // Rolling back the rest restores the files byte for byte.
    const rest = await runCli(['review', 'rollback', '--since', '2000-01-01T00:00:00Z'], { cwd: dir, env: env('Bob') });
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stdout).toContain('3 proposal(s) rolled back');
    expect(yamlFiles(dir)).toEqual(before);

    const out = path.join(dir, 'audit.csv');
    const exported = await runCli(['review', 'export', '--format', 'csv', '--out', out], { cwd: dir, env: env('Ada') });
    expect(exported.code, exported.stderr).toBe(0);
    const rows = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(rows[0]).toBe('at,actor,action,id,node,field,before,after,note');
    const actions = rows.slice(1).map((r) => r.split(',')[2]);
    for (const action of ['propose', 'approve', 'edit', 'reject', 'apply', 'rollback']) expect(actions, action).toContain(action);
    expect(rows.find((r) => r.includes(',reject,'))).toContain('Bob');
    expect(rows.find((r) => r.includes(',reject,'))).toContain('not what the column holds');
    const json = JSON.parse((await runCli(['review', 'export', '--format', 'json'], { cwd: dir, env: env('Ada') })).stdout);
    expect(json.proposals.find((p: Listed) => p.id === edited.id).history.map((h: { action: string }) => h.action)).toEqual(['propose', 'edit', 'apply', 'rollback']);

    // From a subfolder the project is found upward; compact keeps every proposal's state.
    const states = (await proposals(dir)).map((p) => [p.id, p.status, p.current]);
    const compact = await runCli(['review', 'compact'], { cwd: path.join(dir, 'models', 'staging'), env: env('Ada') });
    expect(compact.code, compact.stderr).toBe(0);
    expect(compact.stdout).toMatch(new RegExp(`proposals\\.jsonl: \\d+ line\\(s\\) → ${listed.length}`));
    expect((await proposals(dir)).map((p) => [p.id, p.status, p.current])).toEqual(states);
    expect(readFileSync(path.join(dir, '.osmosis/proposals.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(listed.length);
  });

  it("a person's text wins: stale on apply (unless --force), a conflict on rollback, stale on a re-run", async () => {
    const { dir, listed } = await proposedProject();
    const column = listed.filter((p) => p.field.startsWith('columns.'));
    const [mine, forced, changed, pending] = column as [Listed, Listed, Listed, Listed];
    const file = (p: Listed) => (p.node.includes('.stg_') ? 'models/staging/schema.yml' : p.node.startsWith('seed.') ? 'seeds/_seeds.yml' : 'models/schema.yml');
    expect((await runCli(['review', 'approve', mine.id, forced.id, changed.id], { cwd: dir, env: env('Ada') })).code).toBe(0);
    // A person documents two of the targets by hand meanwhile.
    const handWrite = (p: Listed, text: string): void => {
      const abs = path.join(dir, file(p));
      const schema = readSchemaFile(file(p), readFileSync(abs, 'utf8'));
      const entry = schema.entries.find((e) => e.name === p.node.split('.').pop());
      const column = entry?.columns.find((c) => c.name === p.field.split('.')[1]);
      expect(column, p.field).toBeDefined();
      writeFileSync(abs, applyYamlEdits(schema.text, [{ op: 'set', path: [...column!.path, 'description'], value: text }]));
    };
    handWrite(mine, 'Written by hand.');
    handWrite(forced, 'Also by hand.');
    const apply = await runCli(['review', 'apply'], { cwd: dir, env: env('Ada') });
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).toContain(`stale: ${mine.id.slice(0, 12)}`);
    expect(yamlText(dir, mine)).toBe('Written by hand.');
    expect(yamlText(dir, changed)).toBe(changed.current);
    const after = new Map((await proposals(dir)).map((p) => [p.id, p.status]));
    expect(after.get(mine.id)).toBe('stale');
    // --force replaces a person's text only when asked.
    const reapprove = await runCli(['review', 'approve', forced.id], { cwd: dir, env: env('Ada') });
    expect(reapprove.code, reapprove.stderr).toBe(0);
    expect((await runCli(['review', 'apply', '--force'], { cwd: dir, env: env('Ada') })).code).toBe(0);
    expect(yamlText(dir, forced)).toBe(forced.current);

    // The applied text was changed after apply: rollback reports a conflict and changes nothing.
    handWrite(changed, 'Edited after apply.');
    const files = yamlFiles(dir);
    const rollback = await runCli(['review', 'rollback', changed.id], { cwd: dir, env: env('Bob') });
    expect(rollback.code).toBe(1);
    expect(rollback.stderr).toContain('no longer holds the applied text');
    expect(yamlFiles(dir)).toEqual(files);

    // A re-run: nothing duplicated; the pending one a person answered meanwhile turns stale.
    handWrite(pending, 'Documented by a person.');
    const rerun = await runCli(['yaml', 'document', '--synthesize', '--review', '--format', 'json'], { cwd: dir, env: env('Model Runner') });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout).proposals).toEqual({ created: 0, replaced: 0, stale: 1 });
    const final = await proposals(dir);
    expect(final).toHaveLength(listed.length);
    expect(final.find((p) => p.id === pending.id)?.status).toBe('stale');
  });

  it('--select picks proposals by node; a seed proposal carries sample rows', async () => {
    const { dir, listed } = await proposedProject();
    const bulk = await runCli(['review', 'approve', '--all', '-s', 'stg_orders', '--note', 'checked staging'], { cwd: dir, env: env('Ada') });
    expect(bulk.code, bulk.stderr).toBe(0);
    const after = await proposals(dir);
    const approved = after.filter((p) => p.status === 'approved').map((p) => p.node);
    expect(approved.length).toBe(listed.filter((p) => p.node === 'model.jaffle_shop_duckdb.stg_orders').length);
    expect(new Set(approved)).toEqual(new Set(['model.jaffle_shop_duckdb.stg_orders']));
    const only = JSON.parse((await runCli(['review', 'list', '-s', 'stg_orders', '--status', 'approved', '--format', 'json'], { cwd: dir, env: env('Ada') })).stdout);
    expect(only.proposals).toHaveLength(approved.length);
    const seed = JSON.parse((await runCli(['review', 'list', '--format', 'json'], { cwd: dir, env: env('Ada') })).stdout).proposals.find(
      (p: { node: string }) => p.node === 'seed.jaffle_shop_duckdb.raw_customers',
    );
    expect(seed.context.sampleRows.slice(0, 2)).toEqual([['id', 'first_name', 'last_name'], ['1', 'Michael', 'P.']]);
  });

  it('--review with --dry-run makes no call, prices what is left and writes no store', async () => {
    const dir = copyExample();
    const run = await runCli(['yaml', 'document', '--synthesize', '--review', '--dry-run', '--format', 'json'], { cwd: dir, env: env('Ada') });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    // A dry run is free (docs/cli.md): nothing was synthesized, so nothing is proposed yet.
    expect(report.llm.calls).toBe(0);
    expect(report.llmPlan).toBeDefined();
    expect(report.proposals).toBeUndefined();
    expect(existsSync(path.join(dir, '.osmosis'))).toBe(false);
  });

  it('refuses what it cannot do, with a message that says what to do', async () => {
    const { dir, listed } = await proposedProject();
    const short = await runCli(['review', 'approve', 'abc'], { cwd: dir, env: env('Ada') });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('give at least 6 characters');
    const none = await runCli(['review', 'approve'], { cwd: dir, env: env('Ada') });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('name proposal ids');
    const status = await runCli(['review', 'list', '--status', 'done'], { cwd: dir, env: env('Ada') });
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('--status: expected one of pending');
    const notApplied = await runCli(['review', 'rollback', listed[0]!.id], { cwd: dir, env: env('Ada') });
    expect(notApplied.code).toBe(1);
    expect(notApplied.stderr).toContain('it is pending, not applied');
    const text = await runCli(['review', 'list', '--status', 'pending'], { cwd: dir, env: env('Ada') });
    expect(text.stdout).toContain(`${listed[0]!.id.slice(0, 12)}  pending`);
    expect(text.stdout).toContain(`${listed.length} pending`);
  });
});
