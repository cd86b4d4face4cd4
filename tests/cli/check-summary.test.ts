import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeMiniProject } from '../helpers/mini-project.js';
import { runCli } from '../helpers/run-cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** orders inherits customer_id's text from stg_orders; `extra` is in the catalog only. */
function project(): string {
  const dir = writeMiniProject([
    { name: 'stg_orders', columns: [{ name: 'order_id', description: 'The order' }, { name: 'customer_id', description: 'Who ordered' }] },
    { name: 'orders', deps: ['stg_orders'], columns: [{ name: 'order_id', description: 'Own words' }, { name: 'customer_id' }], catalogOnly: [{ name: 'extra' }] },
  ]);
  dirs.push(dir);
  return dir;
}

describe('a failing --check', () => {
  it('names each file, node and column that would change, with the start of the diff', async () => {
    const dir = project();
    const before = readFileSync(path.join(dir, 'models/schema.yml'), 'utf8');
    const run = await runCli(['yaml', 'document', '--check'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('models/schema.yml:\n  orders: columns customer_id, extra\n');
    expect(run.stdout).toMatch(/^ {4}\+\s+description: Who ordered$/m);
    expect(run.stdout).toMatch(/^ {4}@@ /m);
    expect(run.stdout).not.toContain('order_id: ');
    expect(run.stdout).toContain('Run `osmosis-ts yaml document` without --check to apply.');
    expect(readFileSync(path.join(dir, 'models/schema.yml'), 'utf8')).toBe(before);
  });

  it('inside pre-commit, advises the fix hook rather than a command pre-commit users lack', async () => {
    const run = await runCli(['yaml', 'document', '--check'], { cwd: project(), env: { PRE_COMMIT: '1' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('pre-commit run osmosis-ts-document --all-files');
    expect(run.stdout).not.toContain('Run `osmosis-ts yaml document`');
  });

  it('lists the nodes and columns in the JSON report too', async () => {
    const run = await runCli(['yaml', 'document', '--check', '--format', 'json'], { cwd: project() });
    const report = JSON.parse(run.stdout) as { fileChanges: unknown };
    expect(report.fileChanges).toEqual([
      { file: 'models/schema.yml', nodes: [{ node: 'model.mini.orders', columns: ['customer_id', 'extra'], description: false, newEntry: false }] },
    ]);
  });
});

describe('formatCheckSummary', () => {
  it('shows at most 10 files and 12 diff lines per file, and says how much more there is', async () => {
    const { formatCheckSummary } = await import('../../src/cli/format-check-summary.js');
    const { emptyLlmReport } = await import('../../src/report.js');
    const files = Array.from({ length: 12 }, (_, i) => `models/m${String(i).padStart(2, '0')}.yml`);
    const hunk = ['@@ -1,1 +1,20 @@', ...Array.from({ length: 19 }, (_, i) => `+line ${i}`)].join('\n');
    const diff = files
      .slice(0, 10)
      .map((f) => `===================================================================\n--- a/${f}\t\n+++ b/${f}\t\n${hunk}\n`)
      .join('');
    const text = formatCheckSummary({
      changedFiles: files,
      fileChanges: files.map((file, i) => ({ file, nodes: [{ node: `model.p.m${i}`, columns: ['a', 'b'], description: i === 0, newEntry: false }] })),
      nodesConsidered: 12, columnsInherited: 24, columnsAdded: 0, columnsSynthesized: 0, modelDescriptionsSynthesized: 0,
      failures: [], llm: emptyLlmReport(), written: false, diff, warnings: [], stoppedAtBudget: false, stoppedWaitingForBatch: false, synthesisNodesLeft: 0, skippedFiles: [], yamlWarnings: [],
    });
    expect(text).toContain('models/m00.yml:\n  m0: description; columns a, b\n    @@ -1,1 +1,20 @@\n    +line 0\n');
    expect(text).toContain('    +line 10\n    … 8 more diff lines (--dry-run shows all)\n');
    expect(text).not.toContain('+line 11');
    expect(text).toContain('models/m09.yml:');
    expect(text).not.toContain('models/m10.yml');
    expect(text).toContain('… and 2 more files (--dry-run shows all)');
  });
});
