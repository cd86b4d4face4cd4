/**
 * Enrichment through review: values become proposals (one per PII column, tag list, test and
 * purpose), `review apply` writes the approved ones with the enrichment writer, and `review
 * rollback` takes out exactly what apply added, leaving the file byte for byte as it was.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ENRICH_KEYS, type NodeEnrichment } from '../../src/enrich/types.js';
import { buildDocState } from '../../src/inheritance/build-doc-state.js';
import { loadProject } from '../../src/project/load-project.js';
import { appendJsonLines } from '../../src/review/append-lines.js';
import { enrichmentProposals } from '../../src/review/enrichment-proposals.js';
import { proposeRunResults } from '../../src/review/propose-run-results.js';
import { buildGraph } from '../../src/graph/build-graph.js';
import type { SynthesisOptions } from '../../src/config/types.js';
import type { CallRecord } from '../../src/synthesis/types.js';
import { mergeRunProposals } from '../../src/review/merge-run-proposals.js';
import { openReviewStore } from '../../src/review/open-review-store.js';
import { storePaths } from '../../src/review/store-paths.js';
import { documentOptions } from '../helpers/document-options.js';
import { writeMiniProject } from '../helpers/mini-project.js';
import { runCli } from '../helpers/run-cli.js';
import { dbtSchemaErrors } from './dbt-schema.js';
import { enrichment } from './plan-enriched.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const SCHEMA = [
  'version: 2',
  'models:',
  '  - name: orders',
  '    config:',
  '      tags: [finance]',
  '    columns:',
  '      - name: id',
  '        data_tests:',
  '          - unique',
  '      - name: email',
  '        meta:',
  '          owner: crm',
  '      - name: status',
  '        tags: [state]',
  '      - name: phone',
  '        meta: {contains_pii: false}',
  '',
].join('\n');

const ID = 'model.mini.orders';

function project(schema = SCHEMA): string {
  const dir = writeMiniProject([{ name: 'orders', columns: [{ name: 'id' }, { name: 'email' }, { name: 'status' }, { name: 'phone' }] }]);
  dirs.push(dir);
  writeFileSync(path.join(dir, 'models/schema.yml'), schema);
  return dir;
}

const VALUES: NodeEnrichment = enrichment(ID, {
  purpose: 'One row per order placed in the web shop.',
  tags: ['finance', 'core'],
  columns: {
    id: { tests: [{ kind: 'unique' }, { kind: 'not_null' }] },
    email: { pii: { category: 'email' }, tags: ['pii'] },
    status: { tests: [{ kind: 'accepted_values', values: ['placed', 'shipped'], source: 'seeds/statuses.csv' }], tags: ['state', 'lifecycle'] },
    phone: { pii: { category: 'phone' } },
  },
});

/** The enrichment candidates of VALUES for the project in `dir`. */
function candidatesFor(dir: string, calls: CallRecord[] = [], costCarried?: Set<string>) {
  const loaded = loadProject(documentOptions(dir));
  const state = buildDocState({ nodes: loaded.manifest.nodes, entries: loaded.entries, writablePackage: loaded.writablePackage });
  const now = '2026-03-01T00:00:00.000Z';
  return enrichmentProposals(
    {
      state,
      calls,
      parents: () => [],
      pathOf: (doc) => doc.entry?.file ?? 'models/schema.yml',
      provider: 'openai',
      model: 'gpt-4o-mini',
      costOf: (usage) => usage.inputTokens / 1e6 + usage.outputTokens / 1e6,
      placeholders: new Set(),
      actor: 'Bot',
      now,
      enrichments: new Map([[ID, VALUES]]),
      keys: DEFAULT_ENRICH_KEYS,
      schemaFile: (file) => loaded.schemaFiles.get(file),
      ...(costCarried ? { costCarried } : {}),
    },
    state.values(),
  );
}

/** Proposes VALUES into the project's store as a `--review` run would. */
async function propose(dir: string): Promise<string[]> {
  const now = '2026-03-01T00:00:00.000Z';
  const candidates = candidatesFor(dir);
  const paths = storePaths(dir);
  const merged = mergeRunProposals({ existing: [], candidates, documented: new Set(), actor: 'Bot', now });
  await appendJsonLines(paths.proposals, merged.lines);
  return candidates.map((c) => c.field);
}

describe('enrichment through review', () => {
  it('proposes only what the YAML lacks, one proposal per value, with stable ids', async () => {
    const dir = project();
    const fields = await propose(dir);
    expect(fields.sort()).toEqual([
      'columns.email.meta.contains_pii',
      'columns.email.tags',
      'columns.id.tests.not_null',
      'columns.status.tags',
      'columns.status.tests.accepted_values',
      'meta.business_purpose',
      'tags',
    ]);
    const store = await openReviewStore({ projectDir: dir });
    const { proposals, diagnostics } = await store.list();
    expect(diagnostics).toEqual([]);
    const byField = new Map(proposals.map((p) => [p.field, p]));
    expect(byField.get('columns.email.meta.contains_pii')?.current).toBe('{ contains_pii: true, pii_category: email }');
    expect(byField.get('columns.status.tags')?.current).toBe('[ lifecycle ]');
    expect(byField.get('columns.status.tests.accepted_values')?.current).toBe('{ accepted_values: { values: [ placed, shipped ] } }');
    expect(byField.get('tags')?.current).toBe('[ core ]');
    // A second run with the same answers proposes the same ids, and the store adds nothing.
    const again = mergeRunProposals({ existing: proposals, candidates: proposals.map(({ status: _s, revision: _r, current: _c, history: _h, ...rest }) => rest), documented: new Set(), actor: 'Bot', now: 'x' });
    expect(again.lines).toEqual([]);
  });

  it("a node's calls are priced once: shared by its enrichment proposals, or carried by its description proposals", () => {
    const dir = project();
    const calls: CallRecord[] = [{ node: ID, strategy: 'bulk', promptSha256: 'f'.repeat(64), cached: false, failed: false, usage: { inputTokens: 7000, outputTokens: 700 } }];
    const alone = candidatesFor(dir, calls);
    expect(alone).toHaveLength(7);
    expect(alone.map((c) => c.generation.inputTokens)).toEqual(Array(7).fill(1000));
    expect(alone.reduce((n, c) => n + (c.generation.costUsd ?? 0), 0)).toBeCloseTo(0.0077, 10);
    const carried = candidatesFor(dir, calls, new Set([ID]));
    expect(carried.every((c) => c.generation.costUsd === 0 && c.generation.inputTokens === 0 && c.generation.promptSha256 === 'f'.repeat(64))).toBe(true);
  });

  it('apply writes the approved values; rollback restores the file byte for byte', async () => {
    const dir = project();
    await propose(dir);
    const store = await openReviewStore({ projectDir: dir });
    const { proposals } = await store.list();
    const approved = await store.act({ actor: 'Ada', action: 'approve', items: proposals.map((p) => ({ id: p.id, revision: p.revision })) });
    expect(approved.conflicts).toEqual([]);
    const applied = await store.apply({ actor: 'Ada', dryRun: false });
    expect(applied.stale).toEqual([]);
    expect(applied.applied).toHaveLength(proposals.length);
    const file = path.join(dir, 'models/schema.yml');
    expect(readFileSync(file, 'utf8')).toBe([
      'version: 2',
      'models:',
      '  - name: orders',
      '    config:',
      '      tags: [finance, core]',
      '      meta:',
      '        business_purpose: One row per order placed in the web shop.',
      '    columns:',
      '      - name: id',
      '        data_tests:',
      '          - unique',
      '          - not_null',
      '      - name: email',
      '        meta:',
      '          owner: crm',
      '          contains_pii: true',
      '          pii_category: email',
      '        tags:',
      '          - pii',
      '      - name: status',
      '        tags: [state, lifecycle]',
      '        data_tests:',
      '          - accepted_values:',
      '              values:',
      '                - placed',
      '                - shipped',
      '      - name: phone',
      '        meta: {contains_pii: false}',
      '',
    ].join('\n'));
    expect(dbtSchemaErrors('dbt_yml_files-latest.json', readFileSync(file, 'utf8'))).toEqual([]);
    const rolled = await store.rollback({ actor: 'Ada', ids: applied.applied });
    expect(rolled.conflicts).toEqual([]);
    expect(rolled.rolledBack).toHaveLength(proposals.length);
    expect(readFileSync(file, 'utf8')).toBe(SCHEMA);
  });

  it('rollback refuses a value changed after apply and leaves it; a purpose edit is applied as edited', async () => {
    const dir = project();
    await propose(dir);
    const store = await openReviewStore({ projectDir: dir });
    const { proposals } = await store.list();
    const purpose = proposals.find((p) => p.field === 'meta.business_purpose')!;
    const test = proposals.find((p) => p.field === 'columns.id.tests.not_null')!;
    const refused = await store.act({ actor: 'Ada', action: 'edit', text: 'unique', items: [{ id: test.id, revision: test.revision }] });
    expect(refused.conflicts[0]?.reason).toMatch(/cannot edit columns\.id\.tests\.not_null: only texts/);
    const edited = await store.act({ actor: 'Ada', action: 'edit', text: 'Orders from the web shop.', items: [{ id: purpose.id, revision: purpose.revision }] });
    expect(edited.conflicts).toEqual([]);
    await store.act({ actor: 'Ada', action: 'approve', items: [{ id: test.id, revision: test.revision }] });
    const applied = await store.apply({ actor: 'Ada', dryRun: false });
    expect(applied.applied.sort()).toEqual([purpose.id, test.id].sort());
    const file = path.join(dir, 'models/schema.yml');
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('    config:\n      tags: [finance]\n      meta:\n        business_purpose: Orders from the web shop.\n');
    // A person changes the purpose after apply: rollback of it is a conflict; the test still goes.
    writeFileSync(file, written.replace('Orders from the web shop.', 'Orders, all channels.'));
    const rolled = await store.rollback({ actor: 'Ada', ids: [purpose.id, test.id] });
    expect(rolled.rolledBack).toEqual([test.id]);
    expect(rolled.conflicts[0]).toMatchObject({ id: purpose.id });
    expect(rolled.conflicts[0]?.reason).toMatch(/meta\.business_purpose was changed after apply/);
    expect(readFileSync(file, 'utf8')).toBe(SCHEMA.replace('      tags: [finance]\n', '      tags: [finance]\n      meta:\n        business_purpose: Orders, all channels.\n'));
  });

  it('a value a person added meanwhile makes the proposal stale, not a duplicate', async () => {
    const dir = project();
    await propose(dir);
    const store = await openReviewStore({ projectDir: dir });
    const { proposals } = await store.list();
    const pii = proposals.find((p) => p.field === 'columns.email.meta.contains_pii')!;
    await store.act({ actor: 'Ada', action: 'approve', items: [{ id: pii.id, revision: pii.revision }] });
    const file = path.join(dir, 'models/schema.yml');
    writeFileSync(file, SCHEMA.replace('          owner: crm\n', '          owner: crm\n          contains_pii: false\n'));
    const applied = await store.apply({ actor: 'Ada', dryRun: false });
    expect(applied.applied).toEqual([]);
    expect(applied.staleReasons?.[pii.id]).toMatch(/already has meta\.contains_pii/);
  });
});

describe('enrichment rollback where apply created config', () => {
  const CONFIG_STYLE = [
    'version: 2',
    'models:',
    '  - name: orders',
    '    columns:',
    '      - name: id',
    '        config:',
    '          tags: [key]',
    '      - name: email',
    '      - name: status',
    '      - name: phone',
    '',
  ].join('\n');

  it('two proposals share the config one of them created; each rollback takes out its own part', async () => {
    const dir = project(CONFIG_STYLE);
    await propose(dir);
    const store = await openReviewStore({ projectDir: dir });
    const { proposals } = await store.list();
    const pii = proposals.find((p) => p.field === 'columns.email.meta.contains_pii')!;
    const tags = proposals.find((p) => p.field === 'columns.email.tags')!;
    await store.act({ actor: 'Ada', action: 'approve', items: [pii, tags].map((p) => ({ id: p.id, revision: p.revision })) });
    const applied = await store.apply({ actor: 'Ada', dryRun: false });
    expect(applied.applied).toEqual([pii.id, tags.id]);
    const file = path.join(dir, 'models/schema.yml');
    const withBoth = CONFIG_STYLE.replace('      - name: email\n', '      - name: email\n        config:\n          meta:\n            contains_pii: true\n            pii_category: email\n          tags:\n            - pii\n');
    expect(readFileSync(file, 'utf8')).toBe(withBoth);
    expect((await store.rollback({ actor: 'Ada', ids: [pii.id] })).conflicts).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(CONFIG_STYLE.replace('      - name: email\n', '      - name: email\n        config:\n          tags:\n            - pii\n'));
    expect((await store.rollback({ actor: 'Ada', ids: [tags.id] })).conflicts).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(CONFIG_STYLE);
  });
});

describe('the run step that stores enrichment proposals', () => {
  const synthesis: SynthesisOptions = {
    llm: { provider: 'openai', model: 'gpt-4o-mini', timeoutSeconds: 10, maxRetries: 0 },
    llmDryRun: false,
    concurrency: 1,
    bulkThreshold: 10,
    maxRepairs: 0,
    priceOverrides: {},
    maxSqlTokens: 1000,
    maxUpstreamTokens: 1000,
    maxOutputTokensPerColumn: 100,
  };

  async function run(dir: string): Promise<{ created: number; replaced: number; stale: number }> {
    const loaded = loadProject(documentOptions(dir));
    const state = buildDocState({ nodes: loaded.manifest.nodes, entries: loaded.entries, writablePackage: loaded.writablePackage });
    const result = await proposeRunResults({
      project: loaded,
      state,
      graph: buildGraph(loaded.manifest.nodes),
      before: new Map(),
      calls: [],
      synthesis,
      placeholders: new Set(),
      actor: 'Bot',
      writeNothing: false,
      enrichments: { byNode: new Map([[ID, VALUES]]), keys: DEFAULT_ENRICH_KEYS },
    });
    return result.counts;
  }

  it('a re-run adds nothing; a PII flag or purpose a person sets meanwhile makes the pending proposal stale', async () => {
    const dir = project();
    expect(await run(dir)).toEqual({ created: 7, replaced: 0, stale: 0 });
    expect(await run(dir)).toEqual({ created: 0, replaced: 0, stale: 0 });
    writeFileSync(path.join(dir, 'models/schema.yml'), SCHEMA.replace('          owner: crm\n', '          owner: crm\n          contains_pii: true\n'));
    expect(await run(dir)).toEqual({ created: 0, replaced: 0, stale: 1 });
    const { proposals } = await (await openReviewStore({ projectDir: dir })).list();
    expect(proposals.find((p) => p.field === 'columns.email.meta.contains_pii')?.status).toBe('stale');
  });
});

describe('enrichment proposals in the terminal', () => {
  it('review list names each value; review edit of a test is refused with what to do instead', async () => {
    const dir = project();
    await propose(dir);
    const env = { OSMOSIS_REVIEWER: 'Ada' };
    const list = await runCli(['review', 'list'], { cwd: dir, env });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('columns.email.meta.contains_pii: { contains_pii: true, pii_category: email }');
    expect(list.stdout).toContain('columns.status.tests.accepted_values: { accepted_values: { values: [ placed, shipped ] } }');
    expect(list.stdout).toContain('meta.business_purpose: One row per order placed in the web shop.');
    const { proposals } = await (await openReviewStore({ projectDir: dir })).list();
    const test = proposals.find((p) => p.field === 'columns.id.tests.not_null')!;
    const edit = await runCli(['review', 'edit', test.id.slice(0, 12), '--text', 'unique'], { cwd: dir, env });
    expect(edit.code).toBe(1);
    expect(edit.stderr).toMatch(/cannot edit columns\.id\.tests\.not_null: only texts .* approve or reject it/);
  });
});

describe('enrichment rollback on empty keys', () => {
  it('empty `meta:`, `tags:` and `data_tests:` a person wrote are there again after rollback', async () => {
    const EMPTY = 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        data_tests:\n      - name: email\n        meta:\n        tags:\n      - name: status\n      - name: phone\n';
    const dir = project(EMPTY);
    await propose(dir);
    const store = await openReviewStore({ projectDir: dir });
    const { proposals } = await store.list();
    const picked = proposals.filter((p) => ['columns.email.meta.contains_pii', 'columns.email.tags', 'columns.id.tests.not_null'].includes(p.field));
    expect(picked).toHaveLength(3);
    await store.act({ actor: 'Ada', action: 'approve', items: picked.map((p) => ({ id: p.id, revision: p.revision })) });
    const applied = await store.apply({ actor: 'Ada', dryRun: false });
    expect(applied.applied).toHaveLength(3);
    const file = path.join(dir, 'models/schema.yml');
    expect(readFileSync(file, 'utf8')).not.toBe(EMPTY);
    const rolled = await store.rollback({ actor: 'Ada', ids: applied.applied });
    expect(rolled.conflicts).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(EMPTY);
  });
});
