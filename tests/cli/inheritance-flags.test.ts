import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanTemps, copyExample, runCli } from '../helpers/run-cli.js';
import { writeMiniProject } from '../helpers/mini-project.js';

const minis: string[] = [];
afterEach(() => {
  cleanTemps();
  for (const d of minis.splice(0)) rmSync(d, { recursive: true, force: true });
});

const column = (dir: string, file: string, model: string, name: string) =>
  parse(readFileSync(path.join(dir, file), 'utf8')).models.find((m: any) => m.name === model).columns.find((c: any) => c.name === name);

describe('inheritance knobs', () => {
  it('--add-progenitor-to-meta names the node where the text was first written', async () => {
    const dir = copyExample();
    expect((await runCli(['yaml', 'document', '--add-progenitor-to-meta'], { cwd: dir })).code).toBe(0);
    const col = column(dir, 'models/staging/schema.yml', 'stg_customers', 'first_name');
    expect(col.meta).toEqual({ contains_pii: true, osmosis_progenitor: 'seed.jaffle_shop_duckdb.raw_customers' });
  });

  it('--skip-add-columns and --skip-add-data-types', async () => {
    const dir = copyExample();
    const skipCols = await runCli(['yaml', 'document', '--skip-add-columns', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(skipCols.stdout)).toMatchObject({ columnsAdded: 0, changedFiles: ['models/staging/schema.yml'] });
    await runCli(['yaml', 'document', '--skip-add-data-types'], { cwd: dir });
    const seeds = parse(readFileSync(path.join(dir, 'seeds/_seeds.yml'), 'utf8')).seeds;
    const id = seeds[0].columns.find((c: any) => c.name === 'id');
    expect(id).toEqual({ name: 'id' });
  });

  it("a person's description is kept unless --force-inherit-descriptions; --placeholder marks text as missing", async () => {
    const dir = (minis.push(writeMiniProject([
      { name: 'a', description: 'A.', columns: [{ name: 'x', description: 'Upstream x.' }, { name: 'y', description: 'Upstream y.' }] },
      { name: 'b', deps: ['a'], description: 'B.', columns: [{ name: 'x', description: 'Mine.' }, { name: 'y', description: 'Ask Dana' }] },
    ])), minis[minis.length - 1] as string);
    await runCli(['yaml', 'document'], { cwd: dir });
    expect(column(dir, 'models/schema.yml', 'b', 'x').description).toBe('Mine.');
    expect(column(dir, 'models/schema.yml', 'b', 'y').description).toBe('Ask Dana');
    await runCli(['yaml', 'document', '--placeholder', 'Ask Dana'], { cwd: dir });
    expect(column(dir, 'models/schema.yml', 'b', 'y').description).toBe('Upstream y.');
    await runCli(['yaml', 'document', '--force-inherit-descriptions'], { cwd: dir });
    expect(column(dir, 'models/schema.yml', 'b', 'x').description).toBe('Upstream x.');
  });

  it("a model without YAML gets an entry where the +dbt-osmosis rule says, else in the folder's one schema file", async () => {
    const dir = (minis.push(writeMiniProject([
      { name: 'a', description: 'A.', columns: [{ name: 'x', description: 'Upstream x.' }] },
      { name: 'b', deps: ['a'], noYaml: true, columns: [{ name: 'x' }], catalogOnly: [{ name: 'z', type: 'INT' }] },
    ])), minis[minis.length - 1] as string);
    const plain = await runCli(['yaml', 'document', '--dry-run'], { cwd: dir });
    // models/schema.yml holds the folder's other entries, so b joins them there.
    expect(plain.stdout).toContain('+++ b/models/schema.yml');
    expect(plain.stdout).toContain('+  - name: b');
    expect(plain.stdout).not.toContain('models/_b.yml');
    appendFileSync(path.join(dir, 'dbt_project.yml'), 'models:\n  mini:\n    +dbt-osmosis: "docs/{model}.yml"\n');
    const routed = await runCli(['yaml', 'document'], { cwd: dir });
    expect(routed.code, routed.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'models/_b.yml'))).toBe(false);
    const written = parse(readFileSync(path.join(dir, 'models/docs/b.yml'), 'utf8'));
    // The project writes lowercase names and no types yet: the catalog's TEXT / INT follow its case.
    expect(written).toEqual({ version: 2, models: [{ name: 'b', columns: [{ name: 'x', data_type: 'text', description: 'Upstream x.' }, { name: 'z', data_type: 'int' }] }] });
    expect((await runCli(['yaml', 'document', '--check'], { cwd: dir })).code).toBe(0);
  });

  it('a routing rule that leads outside the project is refused with exit 2 and nothing is written', async () => {
    const dir = (minis.push(writeMiniProject([
      { name: 'a', description: 'A.', columns: [{ name: 'x', description: 'Up.' }] },
      { name: 'b', deps: ['a'], noYaml: true, columns: [{ name: 'x' }] },
      { name: 'c', deps: ['a'], columns: [{ name: 'x' }] },
    ])), minis[minis.length - 1] as string);
    writeFileSync(path.join(dir, 'dbt_project.yml'), readFileSync(path.join(dir, 'dbt_project.yml'), 'utf8') + 'models:\n  +dbt-osmosis: "../../../escape/{model}.yml"\n');
    const before = readFileSync(path.join(dir, 'models/schema.yml'), 'utf8');
    const run = await runCli(['yaml', 'document'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/outside/);
    expect(readFileSync(path.join(dir, 'models/schema.yml'), 'utf8')).toBe(before);
  });
});

describe('dbt 1.10+ config.tags / config.meta', () => {
  it('inherited tags and meta are written under config where the file keeps them there', async () => {
    const dir = (minis.push(writeMiniProject([
      { name: 'a', description: 'A.', columns: [{ name: 'x', description: 'Up x.' }] },
      { name: 'b', deps: ['a'], description: 'B.', columns: [{ name: 'x' }] },
    ])), minis[minis.length - 1] as string);
    const schema = `version: 2
models:
  - name: a
    description: A.
    columns:
      - name: x
        description: Up x.
        config:
          tags: [pii]
          meta: {owner: core}
  - name: b
    description: B.
    columns:
      - name: x
`;
    writeFileSync(path.join(dir, 'models/schema.yml'), schema);
    const run = await runCli(['yaml', 'document'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'models/schema.yml'), 'utf8')).toBe(
      `${schema}        description: Up x.\n        config:\n          tags:\n            - pii\n          meta:\n            owner: core\n`,
    );
    expect((await runCli(['yaml', 'document', '--check'], { cwd: dir })).code).toBe(0);
  });
});
