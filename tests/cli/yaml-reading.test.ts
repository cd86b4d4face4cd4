/**
 * End to end through the CLI: YAML read as dbt reads it, and a file that cannot be parsed or
 * safely edited costs that file, never the run (docs/yaml-reading.md).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { YAML_TO_JS_OPTIONS, parseYamlText } from '../../src/yaml/parse-yaml-text.js';
import { REPO_ROOT, runCli } from '../helpers/run-cli.js';

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

function copyFixture(name: string): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'osmosis-yamlread-')), name);
  temps.push(path.dirname(dir));
  cpSync(path.join(REPO_ROOT, 'fixtures/projects', name), dir, { recursive: true });
  return dir;
}

const read = (dir: string, file: string): string => readFileSync(path.join(dir, file), 'utf8');
type Json = Record<string, unknown>;

/** Column name → description of a model, as PyYAML-compatible reading gives it. */
function columnDocs(dir: string, file: string, model: string): Record<string, unknown> {
  const data = parseYamlText(file, read(dir, file)).toJS(YAML_TO_JS_OPTIONS) as { models: { name: string; columns: { name: string; description?: string }[] }[] };
  const entry = data.models.find((m) => m.name === model);
  return Object.fromEntries((entry?.columns ?? []).map((c) => [c.name, c.description]));
}

async function runJson(dir: string, ...args: string[]): Promise<{ code: number; report: Json; stderr: string }> {
  const run = await runCli(['yaml', 'document', '--project-dir', dir, '--format', 'json', ...args], { cwd: dir });
  return { code: run.code, report: JSON.parse(run.stdout) as Json, stderr: run.stderr };
}

describe('a read-only package file with duplicate keys', () => {
  test('is read as dbt reads it (the last key wins), warned about with file and line, and the run succeeds', async () => {
    const dir = copyFixture('readonly-package-duplicate-key');
    const packageFile = 'dbt_packages/payments/models/stg_payments.yml';
    const packageBefore = read(dir, packageFile);
    const run = await runCli(['yaml', 'document', '--project-dir', dir], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`${packageFile}:10:9: duplicate key 'description' in models[0].columns[0] (first on line 8)`);
    expect(run.stderr).toContain(`${packageFile}:11:9: duplicate key 'data_type'`);
    expect(run.stderr).toContain(`${packageFile}:15:22: a multi-line quoted scalar`);
    expect(columnDocs(dir, 'models/schema.yml', 'orders')).toEqual({
      order_id: 'The order this payment belongs to.',
      status: 'Payment status.',
      amount: 'Amount paid, in cents.',
    });
    expect(read(dir, packageFile)).toBe(packageBefore);
  });

  test('--format json lists the remarks as data and no skipped file', async () => {
    const dir = copyFixture('readonly-package-duplicate-key');
    const { code, report } = await runJson(dir, '--check');
    expect(code).toBe(1);
    expect(report['skippedFiles']).toEqual([]);
    const warnings = report['yamlWarnings'] as Json[];
    expect(warnings.map((w) => [w['code'], w['file'], w['line']])).toEqual([
      ['quoted-scalar-indent', 'dbt_packages/payments/models/stg_payments.yml', 15],
      ['duplicate-key', 'dbt_packages/payments/models/stg_payments.yml', 10],
      ['duplicate-key', 'dbt_packages/payments/models/stg_payments.yml', 11],
    ]);
  });
});

describe('a writable node whose columns come from an alias', () => {
  test('gets a private copy of the list; every other node keeps its meaning; a second run changes nothing', async () => {
    const dir = copyFixture('writable-alias-columns');
    const run = await runCli(['yaml', 'document', '--project-dir', dir], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const text = read(dir, 'models/schema.yml');
    expect(text).toContain('columns: &event_columns');
    expect(text).not.toContain('*event_columns');
    const occurred = 'When the event happened, in UTC.';
    expect(columnDocs(dir, 'models/schema.yml', 'stg_events')).toEqual({ event_id: 'The event id.', occurred_at: occurred });
    expect(columnDocs(dir, 'models/schema.yml', 'events')).toEqual({ event_id: 'The event id.', occurred_at: occurred, loaded_at: undefined });
    expect(columnDocs(dir, 'models/schema.yml', 'events_archive')).toEqual({ event_id: 'The event id.', occurred_at: occurred });
    expect(columnDocs(dir, 'models/marts.yml', 'event_counts')).toEqual({ event_id: 'The event id.', day: undefined });
    const again = await runCli(['yaml', 'document', '--project-dir', dir, '--check'], { cwd: dir });
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });
});

describe('a writable file that cannot be edited safely', () => {
  test('is left as it is with exit 3; the warning names file, line and what would have been written; the rest is written', async () => {
    const dir = copyFixture('writable-alias-columns');
    const schema = read(dir, 'models/schema.yml').replace('  - name: events\n', '  - name: events\n    tags: [a]\n    tags: [b]\n');
    writeFileSync(path.join(dir, 'models/schema.yml'), schema);
    const { code, report, stderr } = await runJson(dir);
    expect(code).toBe(3);
    expect(report['exitCode']).toBe(3);
    expect(read(dir, 'models/schema.yml')).toBe(schema);
    expect(report['changedFiles']).toEqual(['models/marts.yml']);
    expect(columnDocs(dir, 'models/marts.yml', 'event_counts')['event_id']).toBe('The event id.');
    const skipped = report['skippedFiles'] as Json[];
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ path: 'models/schema.yml', kind: 'unsafe-edit', line: 11, writable: true, pendingChanges: true });
    expect(skipped[0]?.['reason']).toBe("cannot edit models[1]: key 'tags' is written twice (lines 12 and 13); dbt reads the last one, remove the other");
    expect(skipped[0]?.['nodes']).toEqual(['model.events.events', 'model.events.events_archive', 'model.events.stg_events']);
    expect(skipped[0]?.['wouldWrite']).toContain('set models[0].columns[1].description');
    expect(stderr).toMatch(/warning: models\/schema\.yml:11: left as it is: cannot edit models\[1\].*Would have written: .*set models\[0\]\.columns\[1\]\.description/);
  });
});

describe('a file that does not parse', () => {
  const broken = 'version: 2\n\nmodels:\n  - name: raw_events\n    description: "never closed\n  columns: [\n';

  test('writable, nothing pending: a warning, its nodes read from the manifest, so descendants still inherit', async () => {
    const dir = copyFixture('writable-alias-columns');
    writeFileSync(path.join(dir, 'models/raw.yml'), broken);
    const { code, report } = await runJson(dir);
    expect(code).toBe(0);
    expect(report['skippedFiles']).toEqual([
      expect.objectContaining({ path: 'models/raw.yml', kind: 'unparseable', nodes: ['model.events.raw_events'], writable: true, pendingChanges: false, wouldWrite: [] }),
    ]);
    expect(read(dir, 'models/raw.yml')).toBe(broken);
    expect(columnDocs(dir, 'models/schema.yml', 'stg_events')['occurred_at']).toBe('When the event happened, in UTC.');
  });

  test('writable with changes pending: exit 3, and the text output says what would have been written', async () => {
    const dir = copyFixture('writable-alias-columns');
    writeFileSync(path.join(dir, 'models/raw.yml'), broken);
    const catalogFile = path.join(dir, 'target/catalog.json');
    const catalog = JSON.parse(readFileSync(catalogFile, 'utf8')) as { nodes: Record<string, unknown> };
    catalog.nodes['model.events.raw_events'] = {
      metadata: { type: 'VIEW', schema: 'analytics', name: 'raw_events', database: 'db' },
      columns: { payload: { name: 'payload', type: 'json', index: 1, comment: null } },
      unique_id: 'model.events.raw_events',
    };
    writeFileSync(catalogFile, JSON.stringify(catalog));
    const run = await runCli(['yaml', 'document', '--project-dir', dir, '--quiet'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/warning: models\/raw\.yml:\d+: left as it is: invalid YAML: .*Its nodes \(model\.events\.raw_events\) are read from the manifest\. Would have written: add column raw_events\.payload\./);
    expect(read(dir, 'models/raw.yml')).toBe(broken);
    expect(columnDocs(dir, 'models/schema.yml', 'events')['occurred_at']).toBe('When the event happened, in UTC.');
  });

  test('in a read-only package: only a warning', async () => {
    const dir = copyFixture('readonly-package-duplicate-key');
    writeFileSync(path.join(dir, 'dbt_packages/payments/models/stg_payments.yml'), broken);
    const { code, report } = await runJson(dir);
    expect(code).toBe(0);
    expect(report['skippedFiles']).toEqual([
      expect.objectContaining({ path: 'dbt_packages/payments/models/stg_payments.yml', kind: 'unparseable', nodes: ['model.payments.stg_payments'], writable: false, pendingChanges: false }),
    ]);
    // The manifest has what dbt parsed: the descendants inherit it.
    expect(columnDocs(dir, 'models/schema.yml', 'orders')['order_id']).toBe('The order this payment belongs to.');
  });
});
