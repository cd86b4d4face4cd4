/**
 * Every `dbt-osmosis yaml document` option of docs/cli.md ("v2 additions"), driven through the CLI
 * on a fixture, checking its effect on the YAML written (or the refusal and its reason).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanTemps, copyExample, runCli } from '../helpers/run-cli.js';
import { writeMiniProject, type MiniModel } from '../helpers/mini-project.js';

const minis: string[] = [];
afterEach(() => {
  cleanTemps();
  for (const d of minis.splice(0)) rmSync(d, { recursive: true, force: true });
});

function mini(models: MiniModel[]): string {
  const dir = writeMiniProject(models);
  minis.push(dir);
  return dir;
}

const schemaPath = (dir: string) => path.join(dir, 'models/schema.yml');
const readSchema = (dir: string) => parse(readFileSync(schemaPath(dir), 'utf8'));
const columnOf = (dir: string, model: string, name: string) =>
  readSchema(dir).models.find((m: { name: string }) => m.name === model).columns.find((c: { name: string }) => c.name === name);

/** a → b, where a's column x carries tags, meta and policy_tags, and b's x is undocumented. */
function taggedProject(): string {
  const dir = mini([
    { name: 'a', description: 'A.', columns: [{ name: 'x', description: 'Upstream x.' }] },
    { name: 'b', deps: ['a'], description: 'B.', columns: [{ name: 'x' }] },
  ]);
  writeFileSync(
    schemaPath(dir),
    [
      'version: 2',
      'models:',
      '  - name: a',
      '    description: A.',
      '    columns:',
      '      - name: x',
      '        description: Upstream x.',
      '        tags: [pii]',
      '        meta: {owner: data, expression: "x * 2", sensitivity: high}',
      '        policy_tags: [projects/p/taxonomies/t/policyTags/1]',
      '  - name: b',
      '    description: B.',
      '    columns:',
      '      - name: x',
      '',
    ].join('\n'),
  );
  return dir;
}

describe('dbt-osmosis short forms and selection', () => {
  it('-d prints the diff and writes nothing; -C exits 1; -F replaces a person\'s text', async () => {
    const dir = mini([
      { name: 'a', description: 'A.', columns: [{ name: 'x', description: 'Upstream x.' }, { name: 'y', description: 'Upstream y.' }] },
      { name: 'b', deps: ['a'], description: 'B.', columns: [{ name: 'x', description: 'Mine.' }, { name: 'y' }] },
    ]);
    const before = readFileSync(schemaPath(dir), 'utf8');
    const dry = await runCli(['yaml', 'document', '-d'], { cwd: dir });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('+        description: Upstream y.');
    expect(readFileSync(schemaPath(dir), 'utf8')).toBe(before);
    expect((await runCli(['yaml', 'document', '-C'], { cwd: dir })).code).toBe(1);
    expect((await runCli(['yaml', 'document', '-d', '-C'], { cwd: dir })).code).toBe(1);
    expect(readFileSync(schemaPath(dir), 'utf8')).toBe(before);
    expect((await runCli(['yaml', 'document', '-F'], { cwd: dir })).code).toBe(0);
    expect(columnOf(dir, 'b', 'x').description).toBe('Upstream x.');
  });

  it('-f/--fqn selects by fqn prefix, as dbt-osmosis does with `dbt ls` output; an fqn matching nothing is exit 2', async () => {
    const dir = mini([
      { name: 'a', description: 'A.', columns: [{ name: 'x', description: 'Upstream x.' }] },
      { name: 'b', deps: ['a'], description: 'B.', columns: [{ name: 'x' }] },
      { name: 'c', deps: ['a'], description: 'C.', columns: [{ name: 'x' }] },
    ]);
    const one = await runCli(['yaml', 'document', '-f', 'b', '--format', 'json'], { cwd: dir });
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ nodesConsidered: 1, columnsInherited: 1 });
    expect(columnOf(dir, 'b', 'x').description).toBe('Upstream x.');
    expect(columnOf(dir, 'c', 'x').description).toBeUndefined();
    // With the project name, as `dbt ls` prints it; repeatable.
    const two = await runCli(['yaml', 'document', '--fqn', 'mini.c', '--fqn', 'b', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(two.stdout)).toMatchObject({ nodesConsidered: 2, columnsInherited: 1 });
    const typo = await runCli(['yaml', 'document', '--fqn', 'mini.nope'], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("--fqn 'mini.nope' matches no node");
  });
});

describe('dbt-osmosis inheritance knobs', () => {
  it('by default tags and meta come down with the description', async () => {
    const dir = taggedProject();
    expect((await runCli(['yaml', 'document'], { cwd: dir })).code).toBe(0);
    expect(columnOf(dir, 'b', 'x')).toEqual({ name: 'x', description: 'Upstream x.', tags: ['pii'], meta: { owner: 'data', expression: 'x * 2', sensitivity: 'high' } });
  });

  it('--skip-add-tags and --skip-merge-meta bring the description alone', async () => {
    const dir = taggedProject();
    expect((await runCli(['yaml', 'document', '--skip-add-tags', '--skip-merge-meta'], { cwd: dir })).code).toBe(0);
    expect(columnOf(dir, 'b', 'x')).toEqual({ name: 'x', description: 'Upstream x.' });
  });

  it('--skip-merge-meta alone keeps the tags; --skip-add-tags alone keeps the meta', async () => {
    const meta = taggedProject();
    await runCli(['yaml', 'document', '--skip-merge-meta'], { cwd: meta });
    expect(columnOf(meta, 'b', 'x')).toEqual({ name: 'x', description: 'Upstream x.', tags: ['pii'] });
    const tags = taggedProject();
    await runCli(['yaml', 'document', '--skip-add-tags'], { cwd: tags });
    expect(columnOf(tags, 'b', 'x').tags).toBeUndefined();
    expect(columnOf(tags, 'b', 'x').meta).toEqual({ owner: 'data', expression: 'x * 2', sensitivity: 'high' });
  });

  it('--skip-inherit-descriptions brings tags and meta but not the text, also under -F', async () => {
    const dir = taggedProject();
    const run = await runCli(['yaml', 'document', '--skip-inherit-descriptions', '--format', 'json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ columnsInherited: 0, changedFiles: ['models/schema.yml'] });
    expect(columnOf(dir, 'b', 'x')).toEqual({ name: 'x', tags: ['pii'], meta: { owner: 'data', expression: 'x * 2', sensitivity: 'high' } });
    // b's x gets a person's text.
    const text = readFileSync(schemaPath(dir), 'utf8');
    const at = text.lastIndexOf('- name: x\n') + '- name: x\n'.length;
    const indent = ' '.repeat(text.slice(text.lastIndexOf('\n', at - 2) + 1).indexOf('-') + 2);
    writeFileSync(schemaPath(dir), `${text.slice(0, at)}${indent}description: Mine.\n${text.slice(at)}`);
    expect((await runCli(['yaml', 'document', '-F', '--skip-inherit-descriptions'], { cwd: dir })).code).toBe(0);
    expect(columnOf(dir, 'b', 'x').description).toBe('Mine.');
    expect((await runCli(['yaml', 'document', '--check', '--skip-inherit-descriptions'], { cwd: dir })).code).toBe(0);
  });

  it('--skip-inheritance-for-meta-keys drops only those keys (repeatable)', async () => {
    const dir = taggedProject();
    const run = await runCli(['yaml', 'document', '--skip-inheritance-for-meta-keys', 'expression', '--skip-inheritance-for-meta-keys', 'sensitivity'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(columnOf(dir, 'b', 'x').meta).toEqual({ owner: 'data' });
  });

  it('--add-inheritance-for-specified-keys brings policy_tags down; a value the column has is kept', async () => {
    const dir = taggedProject();
    expect((await runCli(['yaml', 'document'], { cwd: dir })).code).toBe(0);
    expect(columnOf(dir, 'b', 'x').policy_tags).toBeUndefined();
    const run = await runCli(['yaml', 'document', '--add-inheritance-for-specified-keys', 'policy_tags'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(columnOf(dir, 'b', 'x').policy_tags).toEqual(['projects/p/taxonomies/t/policyTags/1']);
    // The column now has its own value: an upstream change does not overwrite it.
    writeFileSync(schemaPath(dir), readFileSync(schemaPath(dir), 'utf8').replace('policyTags/1]', 'policyTags/2]'));
    await runCli(['yaml', 'document', '--add-inheritance-for-specified-keys', 'policy_tags'], { cwd: dir });
    expect(columnOf(dir, 'b', 'x').policy_tags).toEqual(['projects/p/taxonomies/t/policyTags/1']);
    expect((await runCli(['yaml', 'document', '--check', '--add-inheritance-for-specified-keys', 'policy_tags'], { cwd: dir })).code).toBe(0);
  });

  it('--use-unrendered-descriptions and --prefer-yaml-values: {{ doc() }} and {{ var() }} flow down as written', async () => {
    const dir = taggedProject();
    writeFileSync(
      schemaPath(dir),
      readFileSync(schemaPath(dir), 'utf8')
        .replace('description: Upstream x.', `description: "{{ doc('x_doc') }}"`)
        .replace('owner: data', `owner: "{{ var('owner') }}"`),
    );
    const run = await runCli(['yaml', 'document', '--use-unrendered-descriptions', '--prefer-yaml-values'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(columnOf(dir, 'b', 'x').description).toBe("{{ doc('x_doc') }}");
    expect(columnOf(dir, 'b', 'x').meta.owner).toBe("{{ var('owner') }}");
  });

  it('--skip-add-source-columns adds catalog columns to models but not to sources', async () => {
    const dir = mini([{ name: 'a', deps: [], description: 'A.', columns: [{ name: 'id', description: 'Id.' }], catalogOnly: [{ name: 'extra', type: 'INT' }] }]);
    writeFileSync(path.join(dir, 'models/sources.yml'), 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n        columns:\n          - name: id\n            description: Event id.\n');
    const manifestFile = path.join(dir, 'target/manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    manifest.sources = {
      'source.mini.raw.events': {
        unique_id: 'source.mini.raw.events', resource_type: 'source', name: 'events', source_name: 'raw', package_name: 'mini',
        path: 'models/sources.yml', original_file_path: 'models/sources.yml', fqn: ['mini', 'raw', 'events'], description: '',
        columns: { id: { name: 'id', description: 'Event id.', meta: {}, tags: [] } }, relation_name: 'raw.events', config: { enabled: true }, meta: {}, tags: [],
      },
    };
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const catalogFile = path.join(dir, 'target/catalog.json');
    const catalog = JSON.parse(readFileSync(catalogFile, 'utf8'));
    catalog.sources = { 'source.mini.raw.events': { metadata: { type: 'TABLE', schema: 'raw', name: 'events' }, unique_id: 'source.mini.raw.events', columns: { id: { name: 'id', type: 'INT', index: 1 }, payload: { name: 'payload', type: 'JSON', index: 2 } } } };
    writeFileSync(catalogFile, JSON.stringify(catalog));

    const skipped = await runCli(['yaml', 'document', '--skip-add-source-columns', '--format', 'json'], { cwd: dir });
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(JSON.parse(skipped.stdout)).toMatchObject({ columnsAdded: 1, changedFiles: ['models/schema.yml'] });
    expect(readFileSync(path.join(dir, 'models/sources.yml'), 'utf8')).not.toContain('payload');
    // Added types follow the file's case: lowercase names and no data_type yet give lowercase types.
    expect(columnOf(dir, 'a', 'extra')).toEqual({ name: 'extra', data_type: 'int' });
    const all = await runCli(['yaml', 'document'], { cwd: dir });
    expect(all.code).toBe(0);
    expect(parse(readFileSync(path.join(dir, 'models/sources.yml'), 'utf8')).sources[0].tables[0].columns[1]).toEqual({ name: 'payload', data_type: 'json' });
  });

  it('--include-external is refused with the reason and what to do instead', async () => {
    const dir = taggedProject();
    const before = readFileSync(schemaPath(dir), 'utf8');
    const run = await runCli(['yaml', 'document', '--include-external'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--include-external is not supported');
    expect(run.stderr).toContain('dbt deps');
    expect(run.stderr).toContain('--project-dir path/to/package');
    expect(readFileSync(schemaPath(dir), 'utf8')).toBe(before);
  });
});

describe('dbt-osmosis data types and output', () => {
  const typed = () =>
    mini([
      { name: 'a', description: 'A.', columns: [{ name: 'id', description: 'Id.' }], catalogOnly: [{ name: 'amount', type: 'NUMBER(38,8)' }, { name: 'label', type: 'VARCHAR(128)' }, { name: 'at', type: 'TIMESTAMP_NTZ(9)' }] },
    ]);

  it('writes numeric and string types without precision or length by default, as dbt-osmosis does', async () => {
    const dir = typed();
    expect((await runCli(['yaml', 'document'], { cwd: dir })).code).toBe(0);
    expect(columnOf(dir, 'a', 'amount').data_type).toBe('number');
    expect(columnOf(dir, 'a', 'label').data_type).toBe('varchar');
    expect(columnOf(dir, 'a', 'at').data_type).toBe('timestamp_ntz(9)');
  });

  it('--numeric-precision-and-scale and --string-length keep them', async () => {
    const numeric = typed();
    await runCli(['yaml', 'document', '--numeric-precision-and-scale'], { cwd: numeric });
    expect(columnOf(numeric, 'a', 'amount').data_type).toBe('number(38,8)');
    expect(columnOf(numeric, 'a', 'label').data_type).toBe('varchar');
    const strings = typed();
    await runCli(['yaml', 'document', '--string-length'], { cwd: strings });
    expect(columnOf(strings, 'a', 'amount').data_type).toBe('number');
    expect(columnOf(strings, 'a', 'label').data_type).toBe('varchar(128)');
  });

  it('--scaffold-empty-configs gives new columns and entries an empty description to fill in', async () => {
    const dir = mini([
      { name: 'a', description: 'A.', columns: [{ name: 'id', description: 'Id.' }], catalogOnly: [{ name: 'fresh' }] },
      { name: 'b', deps: ['a'], noYaml: true, columns: [{ name: 'other' }] },
    ]);
    const run = await runCli(['yaml', 'document', '--scaffold-empty-configs'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(schemaPath(dir), 'utf8')).toMatch(/- name: fresh\n\s+description: ''\n\s+data_type: text\n/);
    // The folder keeps its entries in one schema.yml, so b's new entry goes there.
    expect(parse(readFileSync(schemaPath(dir), 'utf8')).models.find((m: { name: string }) => m.name === 'b')).toEqual({ name: 'b', description: '', columns: [{ name: 'other', data_type: 'text', description: '' }] });
    expect((await runCli(['yaml', 'document', '--check', '--scaffold-empty-configs'], { cwd: dir })).code).toBe(0);
  });

  it('--strip-eof-blank-lines drops blank lines at the end of a file it writes', async () => {
    const make = () => {
      const dir = mini([
        { name: 'a', description: 'A.', columns: [{ name: 'x', description: 'Upstream x.' }] },
        { name: 'b', deps: ['a'], description: 'B.', columns: [{ name: 'x' }] },
      ]);
      writeFileSync(schemaPath(dir), `${readFileSync(schemaPath(dir), 'utf8')}\n\n\n`);
      return dir;
    };
    const kept = make();
    await runCli(['yaml', 'document'], { cwd: kept });
    expect(readFileSync(schemaPath(kept), 'utf8').endsWith('\n\n\n\n')).toBe(true);
    const stripped = make();
    await runCli(['yaml', 'document', '--strip-eof-blank-lines'], { cwd: stripped });
    const text = readFileSync(schemaPath(stripped), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(text).toContain('description: Upstream x.');
  });

  it('--formatter runs once on the files written, their paths appended; a failing one is exit 3 and says so', async () => {
    const dir = mini([
      { name: 'a', description: 'A.', columns: [{ name: 'x', description: 'Upstream x.' }] },
      { name: 'b', deps: ['a'], description: 'B.', columns: [{ name: 'x' }] },
    ]);
    const script = path.join(dir, 'fmt.mjs');
    writeFileSync(script, "import { appendFileSync } from 'node:fs';\nfor (const f of process.argv.slice(2)) appendFileSync(f, '# formatted\\n');\n");
    const run = await runCli(['yaml', 'document', '--formatter', `"${process.execPath}" ${script}`], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(schemaPath(dir), 'utf8').endsWith('# formatted\n')).toBe(true);
    // Nothing written: the formatter does not run.
    const again = await runCli(['yaml', 'document', '--formatter', `"${process.execPath}" ${script}`], { cwd: dir });
    expect(again.code).toBe(0);
    expect(readFileSync(schemaPath(dir), 'utf8').match(/# formatted/g)).toHaveLength(1);

    const broken = mini([
      { name: 'a', description: 'A.', columns: [{ name: 'x', description: 'Upstream x.' }] },
      { name: 'b', deps: ['a'], description: 'B.', columns: [{ name: 'x' }] },
    ]);
    const failed = await runCli(['yaml', 'document', '--formatter', 'exit 7 ;'], { cwd: broken });
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain("--formatter 'exit 7 ;' failed");
    expect(columnOf(broken, 'b', 'x').description).toBe('Upstream x.');
  });
});

describe('dbt-osmosis project and warehouse options', () => {
  it('--vars overrides vars of dbt_project.yml, vars.dbt-osmosis included; bad YAML is exit 2 naming --vars', async () => {
    const dir = mini([
      { name: 'a', description: 'A.', columns: [{ name: 'x', description: 'Upstream x.' }] },
      { name: 'b', deps: ['a'], description: 'B.', columns: [{ name: 'x', description: 'Ask Dana' }] },
    ]);
    expect((await runCli(['yaml', 'document', '--check'], { cwd: dir })).code).toBe(0);
    const run = await runCli(['yaml', 'document', '--vars', '{"dbt-osmosis": {"placeholders": ["Ask Dana"]}}'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(columnOf(dir, 'b', 'x').description).toBe('Upstream x.');
    const bad = await runCli(['yaml', 'document', '--vars', '{unclosed'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--vars: not valid YAML');
    const list = await runCli(['yaml', 'document', '--vars', '[1, 2]'], { cwd: dir });
    expect(list.code).toBe(2);
    expect(list.stderr).toContain('--vars: expected a YAML mapping');
  });

  it('--profile, --target, --profiles-dir, --threads and --vars are passed to --dbt-parse', async () => {
    const dir = mini([{ name: 'a', description: 'A.', columns: [{ name: 'x', description: 'X.' }] }]);
    const recorder = path.join(dir, 'record.mjs');
    writeFileSync(recorder, "import { writeFileSync } from 'node:fs';\nwriteFileSync('args.json', JSON.stringify(process.argv.slice(2)));\n");
    const run = await runCli(
      ['yaml', 'document', '--dbt-parse', `"${process.execPath}" record.mjs parse`, '--profile', 'p', '-t', 'prod', '--profiles-dir', 'my profiles', '--threads', '4', '--vars', '{a: 1}', '--disable-introspection'],
      { cwd: dir },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'args.json'), 'utf8'))).toEqual(['parse', '--profile', 'p', '--target', 'prod', '--profiles-dir', 'my profiles', '--threads', '4', '--vars', '{a: 1}']);
  });

  it('without --dbt-parse the warehouse options are explained, not silently dropped; a bad --threads is exit 2', async () => {
    const dir = mini([{ name: 'a', description: 'A.', columns: [{ name: 'x', description: 'X.' }] }]);
    const run = await runCli(['yaml', 'document', '--target', 'prod', '--disable-introspection'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('--target: only passed to `dbt parse`');
    expect(run.stderr).toContain('Add --dbt-parse');
    expect(existsSync(path.join(dir, 'args.json'))).toBe(false);
    const threads = await runCli(['yaml', 'document', '--threads', 'many'], { cwd: dir });
    expect(threads.code).toBe(2);
    expect(threads.stderr).toContain('--threads: expected a positive integer');
  });

  it('the negative spellings override dbt_project.yml: --no-scaffold-empty-configs, --keep-eof-blank-lines', async () => {
    const dir = mini([
      { name: 'a', description: 'A.', columns: [{ name: 'x', description: 'Upstream x.' }], catalogOnly: [{ name: 'fresh' }] },
      { name: 'b', deps: ['a'], description: 'B.', columns: [{ name: 'x' }] },
    ]);
    writeFileSync(path.join(dir, 'dbt_project.yml'), `${readFileSync(path.join(dir, 'dbt_project.yml'), 'utf8')}vars:\n  dbt-osmosis:\n    scaffold-empty-configs: true\n    strip-eof-blank-lines: true\n`);
    writeFileSync(schemaPath(dir), `${readFileSync(schemaPath(dir), 'utf8')}\n\n`);
    const run = await runCli(['yaml', 'document', '--no-scaffold-empty-configs', '--keep-eof-blank-lines'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(columnOf(dir, 'a', 'fresh')).toEqual({ name: 'fresh', data_type: 'text' });
    expect(readFileSync(schemaPath(dir), 'utf8').endsWith('\n\n\n')).toBe(true);
  });

  it('--log-level DEBUG logs like --verbose, ERROR prints only errors; an unknown level is exit 2', async () => {
    const dir = mini([
      { name: 'a', description: 'A.', columns: [{ name: 'x', description: 'Upstream x.' }] },
      { name: 'b', deps: ['a'], description: 'B.', columns: [{ name: 'x' }] },
    ]);
    const debug = await runCli(['yaml', 'document', '--dry-run', '--log-level', 'DEBUG'], { cwd: dir });
    expect(debug.stderr).toContain('» load');
    const error = await runCli(['yaml', 'document', '--dry-run', '--log-level', 'error'], { cwd: dir });
    expect(error.code).toBe(0);
    expect(error.stdout).toContain('+++ b/models/schema.yml');
    expect(error.stdout).not.toContain('would change');
    const bad = await runCli(['yaml', 'document', '--log-level', 'LOUD'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--log-level: expected DEBUG, INFO, WARNING, ERROR or CRITICAL, got 'LOUD'");
  });

  it('--fusion-compat / --no-fusion-compat are refused, saying where new tags and meta go instead', async () => {
    const dir = mini([{ name: 'a', description: 'A.', columns: [{ name: 'x', description: 'X.' }] }]);
    for (const flag of ['--fusion-compat', '--no-fusion-compat']) {
      const run = await runCli(['yaml', 'document', flag], { cwd: dir });
      expect(run.code, flag).toBe(2);
      expect(run.stderr).toContain(`${flag} is not supported`);
      expect(run.stderr).toContain('under config:');
    }
  });

  it('the jaffle example documents the same with every no-op compatibility flag as without', async () => {
    const plain = copyExample();
    const compat = copyExample();
    const a = await runCli(['yaml', 'document', '--dry-run'], { cwd: plain });
    const b = await runCli(['yaml', 'document', '--dry-run', '--use-unrendered-descriptions', '--prefer-yaml-values', '--disable-introspection'], { cwd: compat });
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  });
});
