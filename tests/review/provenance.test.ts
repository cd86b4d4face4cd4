/**
 * Provenance in a `--review` run: a text synthesized for a parent is ONE proposal listing every
 * column that would inherit it; children are not asked for it; approving applies all of them and
 * rejecting leaves them missing. Also the round trip on new columns and new YAML entries.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startReviewLlm, type ReviewLlm } from './review-llm.js';
import { writeMiniProject, type MiniModel } from '../helpers/mini-project.js';
import { yamlFiles } from './yaml-files.js';
import { readSchemaFile } from '../../src/yaml/read-schema-file.js';
import { applyYamlEdits } from '../../src/yaml/apply-edits.js';

let llm: ReviewLlm | undefined;
const temps: string[] = [];
afterEach(async () => {
  await llm?.close();
  llm = undefined;
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

const MODELS: MiniModel[] = [
  { name: 'parent', description: 'Parent rows.', columns: [{ name: 'id', description: 'The id.' }, { name: 'x' }] },
  { name: 'child', deps: ['parent'], description: 'Child rows.', columns: [{ name: 'id' }, { name: 'x' }], catalogOnly: [{ name: 'y' }] },
  { name: 'grandchild', deps: ['child'], columns: [{ name: 'x' }, { name: 'id' }], noYaml: true },
];

function project(): string {
  const dir = writeMiniProject(MODELS);
  temps.push(dir);
  return dir;
}

interface ListedProposal {
  id: string;
  node: string;
  field: string;
  status: string;
  revision: number;
  current: string;
  inheritedBy: { node: string; column: string }[];
}

async function listed(dir: string, e: Record<string, string>): Promise<ListedProposal[]> {
  const run = await runCli(['review', 'list', '--format', 'json'], { cwd: dir, env: e });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout).proposals as ListedProposal[];
}

describe('--review provenance', () => {
  it("a parent's text is one proposal with its inheritors; children are not asked for it", async () => {
    llm = await startReviewLlm();
    const server = llm.server;
    const e = llm.env();
    const dir = project();
    const run = await runCli(['yaml', 'document', '--synthesize', '--review', '--format', 'json'], { cwd: dir, env: e });
    expect(run.code, run.stderr).toBe(0);
    const proposals = await listed(dir, e);
    const parentX = proposals.find((p) => p.node === 'model.mini.parent' && p.field === 'columns.x.description');
    expect(parentX?.inheritedBy.map(({ node, column }) => ({ node, column }))).toEqual([
      { node: 'model.mini.child', column: 'x' },
      { node: 'model.mini.grandchild', column: 'x' },
    ]);
    // No proposal of its own for an inheriting column; the child's prompt never asked for x.
    expect(proposals.filter((p) => p.field === 'columns.x.description').map((p) => p.node)).toEqual(['model.mini.parent']);
    const childPrompts = server.requests.filter((r) => r.prompt.includes('dbt model "child"'));
    for (const r of childPrompts) expect(Object.keys((r.schema as { properties?: object })?.properties ?? {})).not.toContain('x');
    // The YAML got inheritance only: child.x has no text yet.
    const yaml = parse(readFileSync(path.join(dir, 'models/schema.yml'), 'utf8'));
    expect(yaml.models[1].columns.find((c: { name: string }) => c.name === 'x').description).toBeUndefined();

    // Reject: the parent's and the children's x stay missing.
    const reject = await runCli(['review', 'reject', parentX!.id.slice(0, 10), '--note', 'too vague'], { cwd: dir, env: e });
    expect(reject.code, reject.stderr).toBe(0);
    await runCli(['review', 'approve', '--all'], { cwd: dir, env: e });
    expect((await runCli(['review', 'apply'], { cwd: dir, env: e })).code).toBe(0);
    const afterReject = parse(readFileSync(path.join(dir, 'models/schema.yml'), 'utf8'));
    for (const m of afterReject.models) {
      const x = (m.columns ?? []).find((c: { name: string }) => c.name === 'x');
      if (x) expect(x.description, m.name).toBeUndefined();
    }
    // Approve it now (a rejected one may be approved later): all three columns get the text.
    const now = (await listed(dir, e)).find((p) => p.id === parentX!.id)!;
    expect(now.status).toBe('rejected');
    expect((await runCli(['review', 'approve', now.id], { cwd: dir, env: e })).code).toBe(0);
    // Meanwhile a person documents child.x: apply writes the parent and the grandchild, not it.
    const schemaFile = path.join(dir, 'models/schema.yml');
    const schema = readSchemaFile('models/schema.yml', readFileSync(schemaFile, 'utf8'));
    const childX = schema.entries.find((x) => x.name === 'child')!.columns.find((c) => c.name === 'x')!;
    writeFileSync(schemaFile, applyYamlEdits(schema.text, [{ op: 'set', path: [...childX.path, 'description'], value: 'Written by a person.' }]));
    const apply = await runCli(['review', 'apply'], { cwd: dir, env: e });
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).toContain('model.mini.child.x left alone: has a text a person wrote');
    const afterApprove = parse(readFileSync(schemaFile, 'utf8'));
    // The folder keeps its entries in one schema file, so the new entry went there.
    const grandchild = parse(readFileSync(schemaFile, 'utf8')).models.find((m: { name: string }) => m.name === 'grandchild');
    expect(afterApprove.models[0].columns.find((c: { name: string }) => c.name === 'x').description).toBe(parentX!.current);
    expect(afterApprove.models[1].columns.find((c: { name: string }) => c.name === 'x').description).toBe('Written by a person.');
    expect(grandchild.columns.find((c: { name: string }) => c.name === 'x').description).toBe(parentX!.current);
  });

  it('round trip with new columns and new entries: byte-identical to a direct run', async () => {
    llm = await startReviewLlm();
    const server = llm.server;
    const e = llm.env();
    const direct = project();
    const reviewed = project();
    expect((await runCli(['yaml', 'document', '--synthesize'], { cwd: direct, env: e })).code).toBe(0);
    const calls = server.requests.length;
    expect((await runCli(['yaml', 'document', '--synthesize', '--review'], { cwd: reviewed, env: e })).code).toBe(0);
    expect(server.requests.length).toBe(calls);
    expect((await runCli(['review', 'approve', '--all'], { cwd: reviewed, env: e })).code).toBe(0);
    const applied = await runCli(['review', 'apply'], { cwd: reviewed, env: e });
    expect(applied.code, applied.stderr).toBe(0);
    const want = yamlFiles(direct);
    const got = yamlFiles(reviewed);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [file, text] of want) expect(got.get(file), file).toBe(text);
  });

  it('apply records the progenitor and the configured mark on every machine text', async () => {
    llm = await startReviewLlm();
    const e = llm.env();
    const dir = project();
    const projectFile = path.join(dir, 'dbt_project.yml');
    writeFileSync(projectFile, `${readFileSync(projectFile, 'utf8')}vars:\n  dbt-osmosis:\n    review: true\n    synthesis:\n      mark: osmosis_generated\n`);
    // `review: true` in the vars turns the run into a review run without the flag.
    const run = await runCli(['yaml', 'document', '--synthesize', '--format', 'json'], { cwd: dir, env: e });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).proposals.created).toBeGreaterThan(0);
    const proposals = await listed(dir, e);
    const parentX = proposals.find((p) => p.node === 'model.mini.parent' && p.field === 'columns.x.description')!;
    const childDescription = proposals.find((p) => p.node === 'model.mini.grandchild' && p.field === 'description')!;
    expect((await runCli(['review', 'approve', parentX.id, childDescription.id], { cwd: dir, env: e })).code).toBe(0);
    const beforeApply = yamlFiles(dir);
    const apply = await runCli(['review', 'apply', '--add-progenitor-to-meta'], { cwd: dir, env: e });
    expect(apply.code, apply.stderr).toBe(0);
    const mark = (id: string) => ({ provider: 'openai', model: 'gpt-4o-mini', proposal: id });
    const models = parse(readFileSync(path.join(dir, 'models/schema.yml'), 'utf8')).models;
    for (const m of models) {
      const x = m.columns.find((c: { name: string }) => c.name === 'x');
      expect(x.meta, m.name).toEqual({ osmosis_progenitor: 'model.mini.parent', osmosis_generated: mark(parentX.id) });
      // A column a person documented carries no marker.
      expect(m.columns.find((c: { name: string }) => c.name === 'id').meta, m.name).toBeUndefined();
    }
    // The folder keeps its entries in one schema file, so the new entry went there.
    const grandchild = parse(readFileSync(path.join(dir, 'models/schema.yml'), 'utf8')).models.find((m: { name: string }) => m.name === 'grandchild');
    expect(grandchild.description).toBe(childDescription.current);
    expect(grandchild.meta).toEqual({ osmosis_generated: mark(childDescription.id) });
    expect(grandchild.columns.find((c: { name: string }) => c.name === 'x').meta.osmosis_generated).toEqual(mark(parentX.id));
    // Rollback takes the markers out with the text: the files are as before apply, byte for byte.
    const rollback = await runCli(['review', 'rollback', '--since', '2000-01-01T00:00:00Z'], { cwd: dir, env: e });
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(yamlFiles(dir)).toEqual(beforeApply);
  });
});
