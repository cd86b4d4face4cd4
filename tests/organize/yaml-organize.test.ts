import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeMiniProject } from '../helpers/mini-project.js';
import { REPO_ROOT, runCli } from '../helpers/run-cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const CASE = path.join(REPO_ROOT, 'fixtures/organize/route-per-model');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

/** The mini project's manifest with the case's dbt_project.yml and schema files on top. */
function project(): string {
  const dir = writeMiniProject([
    { name: 'stg_orders', columns: [{ name: 'order_id' }, { name: 'customer_id' }] },
    { name: 'stg_payments', columns: [{ name: 'payment_id' }] },
    { name: 'orders', deps: ['stg_orders'], columns: [{ name: 'order_id' }] },
    { name: 'customers', deps: ['orders'], columns: [{ name: 'customer_id' }] },
  ]);
  dirs.push(dir);
  rmSync(path.join(dir, 'models/schema.yml'));
  cpSync(path.join(CASE, 'input'), dir, { recursive: true });
  return dir;
}

const yamlFiles = (dir: string): string[] => readdirSync(path.join(dir, 'models')).filter((f) => f.endsWith('.yml')).sort();

describe('osmosis-ts yaml organize', () => {
  it('moves each entry to the file its routing rule names, byte for byte, and deletes only files left holding nothing', async () => {
    const dir = project();
    const run = await runCli(['yaml', 'organize'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('4 entries moved.');
    const expectedDir = path.join(CASE, 'expected/models');
    if (UPDATE) for (const f of yamlFiles(dir)) writeFileSync(path.join(expectedDir, f), readFileSync(path.join(dir, 'models', f)));
    expect(yamlFiles(dir)).toEqual(readdirSync(expectedDir).sort());
    for (const f of yamlFiles(dir)) {
      expect(readFileSync(path.join(dir, 'models', f), 'utf8'), f).toBe(readFileSync(path.join(expectedDir, f), 'utf8'));
    }
    // schema.yml held only the moved entries; marts.yml keeps its comment and its exposures.
    expect(existsSync(path.join(dir, 'models/schema.yml'))).toBe(false);

    const again = await runCli(['yaml', 'organize', '--check'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Every entry is where its routing rule puts it.');
    // The moved YAML still reads as the same project: yaml document sees every entry once.
    const doc = await runCli(['yaml', 'document', '--check', '--skip-add-columns'], { cwd: dir });
    expect(doc.stderr).not.toContain('defined twice');
  });

  it('--check exits 1 and --dry-run prints the moves as a diff; neither writes', async () => {
    const dir = project();
    const before = Object.fromEntries(yamlFiles(dir).map((f) => [f, readFileSync(path.join(dir, 'models', f), 'utf8')]));
    const check = await runCli(['yaml', 'organize', '--check'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('orders: models/schema.yml → models/_orders.yml');
    const dry = await runCli(['yaml', 'organize', '--dry-run'], { cwd: dir });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('--- a/models/schema.yml');
    expect(dry.stdout).toContain('+++ /dev/null');
    expect(dry.stdout).toContain('--- /dev/null\n+++ b/models/_orders.yml');
    expect(Object.fromEntries(yamlFiles(dir).map((f) => [f, readFileSync(path.join(dir, 'models', f), 'utf8')]))).toEqual(before);
  });

  it('leaves models without a routing rule where they are', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'dbt_project.yml'), readFileSync(path.join(dir, 'dbt_project.yml'), 'utf8').replace(/\n {4}\+dbt-osmosis: "_\{model\}\.yml"/, ''));
    const run = await runCli(['yaml', 'organize', '--check'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Every entry is where its routing rule puts it.');
  });

  it('leaves an entry written in flow style in place, saying why, and writes nothing', async () => {
    const dir = project();
    for (const f of yamlFiles(dir)) rmSync(path.join(dir, 'models', f));
    const flow = 'version: 2\nmodels: [{name: stg_orders}, {name: orders}]\n';
    writeFileSync(path.join(dir, 'models/schema.yml'), flow);
    const run = await runCli(['yaml', 'organize'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("left in place: model.mini.orders in models/schema.yml: its entry in 'models' is not a block list item");
    expect(run.stdout).toContain('Nothing to move. 2 left in place (see above).');
    expect(yamlFiles(dir)).toEqual(['schema.yml']);
    expect(readFileSync(path.join(dir, 'models/schema.yml'), 'utf8')).toBe(flow);
  });
});
