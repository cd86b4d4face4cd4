import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function node(id: string, name: string, deps: string[], version?: number) {
  return {
    unique_id: id, resource_type: 'model', name, package_name: 'v', original_file_path: `models/${name}${version ? `_v${version}` : ''}.sql`,
    patch_path: 'v://models/schema.yml', fqn: ['v', name], depends_on: { nodes: deps }, description: '', columns: {},
    raw_code: 'select 1', config: { enabled: true, materialized: 'table' }, tags: [], meta: {},
    ...(version ? { version, latest_version: 2 } : {}),
  };
}

const SCHEMA = `version: 2
models:
  - name: base
    description: Base rows.
    columns:
      - name: id
        description: The customer id.
      - name: email
        description: Customer email address.
  # Two versions share the top-level columns; v2 drops email and adds its own.
  - name: dim
    latest_version: 2
    columns:
      - name: id
      - name: email
    versions:
      - v: 1
      - v: 2
        columns:
          - include: all
            exclude: [email]
          - name: status
`;

describe('versioned models', () => {
  it('each version is its own node; shared columns are written once, at the top level', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'osmosis-versions-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'models'));
    mkdirSync(path.join(dir, 'target'));
    writeFileSync(path.join(dir, 'dbt_project.yml'), 'name: v\nversion: "1"\nconfig-version: 2\n');
    writeFileSync(path.join(dir, 'models/schema.yml'), SCHEMA);
    const nodes = {
      'model.v.base': node('model.v.base', 'base', []),
      'model.v.dim.v1': node('model.v.dim.v1', 'dim', ['model.v.base'], 1),
      'model.v.dim.v2': node('model.v.dim.v2', 'dim', ['model.v.base'], 2),
    };
    writeFileSync(path.join(dir, 'target/manifest.json'), JSON.stringify({ metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json' }, nodes, sources: {} }));
    const run = await runCli(['yaml', 'document', '--format', 'json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ nodesConsidered: 3, changedFiles: ['models/schema.yml'] });
    const written = readFileSync(path.join(dir, 'models/schema.yml'), 'utf8');
    expect(written).toBe(SCHEMA.replace('      - name: id\n      - name: email\n    versions', '      - name: id\n        description: The customer id.\n      - name: email\n        description: Customer email address.\n    versions'));
    expect((await runCli(['yaml', 'document', '--check'], { cwd: dir })).code).toBe(0);
  });
});
