/**
 * Bad inputs: each row breaks one thing in a small project; the run must exit 2, name the file
 * and the key or line, and write nothing.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeMiniProject } from '../helpers/mini-project.js';

export interface BadInputRow {
  name: string;
  /** Breaks the project at `dir` (inside `root`, which the hash also covers). Returns extra CLI args. */
  setup: (dir: string, root: string) => string[] | void;
  /** The message must match all of these. */
  mentions: RegExp[];
}

export function writeBaseProject(root: string): string {
  const dir = path.join(root, 'project');
  mkdirSync(dir, { recursive: true });
  return writeMiniProject(
    [
      { name: 'orders', description: 'Orders.', columns: [{ name: 'id', description: 'The id.' }, { name: 'amount' }] },
      { name: 'orders_enriched', deps: ['orders'], columns: [{ name: 'id' }, { name: 'amount' }] },
      { name: 'loose', deps: ['orders'], columns: [{ name: 'id' }], noYaml: true },
    ],
    dir,
  );
}

const manifestFile = (dir: string) => path.join(dir, 'target', 'manifest.json');
function editManifest(dir: string, edit: (m: any) => void): void {
  const m = JSON.parse(readFileSync(manifestFile(dir), 'utf8'));
  edit(m);
  writeFileSync(manifestFile(dir), JSON.stringify(m, null, 2));
}
const schemaFile = (dir: string) => path.join(dir, 'models', 'schema.yml');

export const BAD_INPUT_ROWS: BadInputRow[] = [
  {
    // The shape of the corpus's jira edge case (two pretty-printed manifests back to back), made
    // from the project's own manifest so that the row runs on a clone without the corpus.
    name: 'concatenated manifest (two JSON documents in one file)',
    setup: (dir) => {
      const text = readFileSync(manifestFile(dir), 'utf8');
      writeFileSync(manifestFile(dir), `${text}\n${text}`);
    },
    mentions: [/manifest\.json/, /line \d+|position \d+|column \d+/i],
  },
  {
    name: 'truncated manifest',
    setup: (dir) => {
      const text = readFileSync(manifestFile(dir), 'utf8');
      writeFileSync(manifestFile(dir), text.slice(0, Math.floor(text.length / 2)));
    },
    mentions: [/manifest\.json/, /line \d+|position \d+|column \d+|end of/i],
  },
  { name: 'manifest `nodes` is a list', setup: (dir) => editManifest(dir, (m) => void (m.nodes = Object.values(m.nodes))), mentions: [/manifest\.json/, /nodes/] },
  {
    name: "a node's `columns` is a string",
    setup: (dir) => editManifest(dir, (m) => void (m.nodes['model.mini.orders'].columns = 'id, amount')),
    mentions: [/manifest\.json/, /model\.mini\.orders/, /columns/],
  },
  {
    name: 'unknown manifest schema version (v99)',
    setup: (dir) => editManifest(dir, (m) => void (m.metadata.dbt_schema_version = 'https://schemas.getdbt.com/dbt/manifest/v99.json')),
    mentions: [/manifest\.json/, /v99|dbt_schema_version/],
  },
  { name: 'explicit --catalog-path that does not exist', setup: () => ['--catalog-path', 'target/no-such-catalog.json'], mentions: [/no-such-catalog\.json/] },
  {
    name: 'a model defined twice (schema.yml and extra.yml)',
    setup: (dir) => writeFileSync(path.join(dir, 'models', 'extra.yml'), 'version: 2\nmodels:\n  - name: orders\n    description: Again.\n'),
    mentions: [/orders/, /schema\.yml/, /extra\.yml/],
  },
  {
    name: 'routing rule `+dbt-osmosis: "../../outside.yml"` for a model without YAML',
    setup: (dir) => writeFileSync(path.join(dir, 'dbt_project.yml'), `${readFileSync(path.join(dir, 'dbt_project.yml'), 'utf8')}models:\n  mini:\n    +dbt-osmosis: "../../outside.yml"\n`),
    mentions: [/outside\.yml/, /outside the project|dbt-osmosis/i],
  },
  {
    name: 'patch_path resolving outside the project',
    setup: (dir, root) => {
      writeFileSync(path.join(root, 'outside.yml'), 'version: 2\nmodels:\n  - name: loose\n');
      editManifest(dir, (m) => void (m.nodes['model.mini.loose'].patch_path = 'mini://../outside.yml'));
    },
    mentions: [/outside\.yml/, /outside the project/i],
  },
  {
    name: 'schema.yml is a symlink to a file outside the project',
    setup: (dir, root) => {
      const outside = path.join(root, 'outside-schema.yml');
      copyFileSync(schemaFile(dir), outside);
      rmSync(schemaFile(dir));
      symlinkSync(outside, schemaFile(dir));
    },
    mentions: [/schema\.yml/, /symlink|outside the project/i],
  },
];
