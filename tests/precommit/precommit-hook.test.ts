/**
 * Drives the real pre-commit framework against this repository's .pre-commit-hooks.yaml: pre-commit
 * installs the package the way users get it (npm install → prepare → npm pack → npm install -g),
 * then runs the README's own .pre-commit-config.yaml (repo and rev pointed at a snapshot of this
 * working tree) on a git repo holding the jaffle fixture project: a failing check with its
 * summary, the fix hook, the audit hook, and a passing check that still shows its warning.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE_CANDIDATES = [
  path.join(REPO_ROOT, 'fixtures/jaffle'),
  '/work/shared/corpus/osmosis-jaffle-v10/repo/demo_duckdb',
];
const FIXTURE = FIXTURE_CANDIDATES.find((dir) => existsSync(path.join(dir, 'target/manifest.json')));
const HAS_PRE_COMMIT = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
const SKIP_REASON = !HAS_PRE_COMMIT
  ? 'pre-commit is not installed (apt-get install pre-commit)'
  : FIXTURE === undefined
    ? 'the jaffle fixture (fixtures/jaffle with target/manifest.json) is missing'
    : undefined;
const TITLE = 'the README snippet: a failing check says what would change, the fix hook writes it, the check then passes';

const STAGING_TEXT = 'The customer who placed the order';
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'osmosis-ts tests',
  GIT_AUTHOR_EMAIL: 'tests@example.invalid',
  GIT_COMMITTER_NAME: 'osmosis-ts tests',
  GIT_COMMITTER_EMAIL: 'tests@example.invalid',
};

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 1_200_000 });
}

function mustRun(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  const result = run(command, args, cwd, env);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** A committed copy of this repository's working tree (what pre-commit clones and installs). */
function snapshotHookRepo(into: string, env: NodeJS.ProcessEnv): string {
  const files = mustRun('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], REPO_ROOT, env)
    .split('\0')
    .filter((file) => file !== '' && existsSync(path.join(REPO_ROOT, file)));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(into, file)), { recursive: true });
    cpSync(path.join(REPO_ROOT, file), path.join(into, file));
  }
  mustRun('git', ['init', '-q'], into, env);
  mustRun('git', ['add', '-A'], into, env);
  mustRun('git', ['commit', '-q', '-m', 'snapshot', '--no-verify'], into, env);
  return mustRun('git', ['rev-parse', 'HEAD'], into, env).trim();
}

type Manifest = { nodes: Record<string, { columns: Record<string, { description: string }> }> };

function setManifestDescription(manifestPath: string, nodeId: string, column: string, text: string): void {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const target = manifest.nodes[nodeId]?.columns[column];
  if (target === undefined) throw new Error(`${nodeId}.${column} is not in the fixture manifest`);
  target.description = text;
  writeFileSync(manifestPath, JSON.stringify(manifest));
  // A manifest written after the YAML it reflects, as `dbt parse` would leave it.
  const later = new Date(Date.now() + 5_000);
  utimesSync(manifestPath, later, later);
}

/** The README's .pre-commit-config.yaml, pointed at `hookRepo`@`rev`, with the commented-out fix hook enabled. */
function readmeConfig(hookRepo: string, rev: string): string {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const snippet = /```yaml\n(# \.pre-commit-config\.yaml\n[\s\S]*?)```/.exec(readme)?.[1];
  if (snippet === undefined) throw new Error('README.md has no .pre-commit-config.yaml snippet');
  const config = snippet
    .replace(/^( *- repo: ).*$/m, `$1${JSON.stringify(hookRepo)}`)
    .replace(/^( *rev: ).*$/m, `$1${rev}`)
    .replace(/^( *)# (- id: osmosis-ts-document.*)\n\1# ( +args: .*)$/m, '$1$2\n$1$3');
  expect(config).toMatch(/^ *- id: osmosis-ts-document/m);
  return config;
}

/**
 * The case: stg_orders.customer_id gets a description, and orders.customer_id (its child) loses its
 * own, so inheritance has exactly one thing to fill. The project is the repository's root, as in
 * the README (`--project-dir .`).
 */
function makeDbtRepo(root: string, hookRepo: string, rev: string, env: NodeJS.ProcessEnv): void {
  cpSync(FIXTURE ?? '', root, { recursive: true });
  const staging = path.join(root, 'models/staging/schema.yml');
  const stagingText = readFileSync(staging, 'utf8');
  const patchedStaging = stagingText.replace(
    /(- name: stg_orders[\s\S]*?- name: customer_id\n\s+data_type: INTEGER\n\s+description: )''/,
    `$1'${STAGING_TEXT}'`,
  );
  expect(patchedStaging).not.toBe(stagingText);
  writeFileSync(staging, patchedStaging);
  const marts = path.join(root, 'models/schema.yml');
  const martsText = readFileSync(marts, 'utf8');
  const patchedMarts = martsText.replace(/(- name: customer_id\n)\s+description: Foreign key to the customers table\n/, '$1');
  expect(patchedMarts).not.toBe(martsText);
  writeFileSync(marts, patchedMarts);
  const manifest = path.join(root, 'target/manifest.json');
  setManifestDescription(manifest, 'model.jaffle_shop_duckdb.stg_orders', 'customer_id', STAGING_TEXT);
  setManifestDescription(manifest, 'model.jaffle_shop_duckdb.orders', 'customer_id', '');

  writeFileSync(path.join(root, '.pre-commit-config.yaml'), readmeConfig(hookRepo, rev));
  mustRun('git', ['init', '-q'], root, env);
  mustRun('git', ['add', '-A'], root, env);
  mustRun('git', ['commit', '-q', '-m', 'dbt project', '--no-verify'], root, env);
}

describe('pre-commit hooks osmosis-ts-check, -document and -audit', () => {
  const temp = mkdtempSync(path.join(tmpdir(), 'osmosis-precommit-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it.skipIf(SKIP_REASON !== undefined)(
    SKIP_REASON === undefined ? TITLE : `${TITLE} [skipped: ${SKIP_REASON}]`,
    () => {
      const preCommitHome = path.join(temp, 'pre-commit-home');
      const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV, PRE_COMMIT_HOME: preCommitHome, PRE_COMMIT_COLOR: 'never', CI: 'true' };
      for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'AZURE_OPENAI_API_KEY', 'GOOGLE_GEMINI_API_KEY']) delete env[name];
      // A user runs pre-commit from a shell, not from inside an npm script: drop what `npm test`
      // exports (its npm_config_loglevel would override the repo's .npmrc in pre-commit's npm).
      for (const name of Object.keys(env)) if (/^npm_(config|lifecycle|package)_/.test(name) && name !== 'npm_config_nodedir') delete env[name];
      const hookRepo = path.join(temp, 'hook-repo');
      const rev = snapshotHookRepo(hookRepo, env);
      const dbtRepo = path.join(temp, 'dbt-repo');
      makeDbtRepo(dbtRepo, hookRepo, rev, env);

      const started = Date.now();
      const install = run('pre-commit', ['install-hooks'], dbtRepo, env);
      expect(install.status, `${install.stdout}\n${install.stderr}`).toBe(0);
      console.log(`pre-commit's first install of the hooks: ${((Date.now() - started) / 1000).toFixed(1)} s`);

      const failing = run('pre-commit', ['run', 'osmosis-ts-check', '--all-files'], dbtRepo, env);
      const failingOutput = `${failing.stdout}\n${failing.stderr}`;
      expect(failing.status, failingOutput).toBe(1);
      expect(failingOutput).toMatch(/osmosis-ts check.*Failed/);
      expect(failingOutput).toContain('- exit code: 1');
      // The summary: file, node and column, then the start of the diff.
      expect(failingOutput).toContain('models/schema.yml:\n  orders: columns customer_id\n');
      expect(failingOutput).toContain(`+        description: ${STAGING_TEXT}`);
      // Advice a pre-commit user can follow: the fix hook, not a command missing from their PATH.
      expect(failingOutput).toContain('pre-commit run osmosis-ts-document --all-files');
      expect(failingOutput).not.toContain('Run `osmosis-ts yaml document`');
      // --check writes nothing.
      expect(mustRun('git', ['status', '--porcelain'], dbtRepo, env)).toBe('');

      // The fix hook writes the change and fails, so the user stages it.
      const fixing = run('pre-commit', ['run', 'osmosis-ts-document', '--all-files'], dbtRepo, env);
      const fixingOutput = `${fixing.stdout}\n${fixing.stderr}`;
      expect(fixing.status, fixingOutput).toBe(1);
      expect(fixingOutput).toMatch(/osmosis-ts document.*Failed/);
      expect(fixingOutput).toContain('Review and stage the files it wrote (git add models/schema.yml)');
      expect(readFileSync(path.join(dbtRepo, 'models/schema.yml'), 'utf8')).toContain(STAGING_TEXT);
      expect(mustRun('git', ['status', '--porcelain'], dbtRepo, env)).toBe(' M models/schema.yml\n');

      // What `dbt parse` would record after the fix; then a model edited without re-parsing.
      setManifestDescription(path.join(dbtRepo, 'target/manifest.json'), 'model.jaffle_shop_duckdb.orders', 'customer_id', STAGING_TEXT);
      const later = new Date(Date.now() + 60_000);
      utimesSync(path.join(dbtRepo, 'models/orders.sql'), later, later);
      mustRun('git', ['add', '-A'], dbtRepo, env);

      const passing = run('pre-commit', ['run', 'osmosis-ts-check', '--all-files'], dbtRepo, env);
      const passingOutput = `${passing.stdout}\n${passing.stderr}`;
      expect(passing.status, passingOutput).toBe(0);
      expect(passingOutput).toMatch(/osmosis-ts check.*Passed/);
      // The stale-manifest warning shows although the hook passed.
      expect(passingOutput).toMatch(/warning: .*older than .*models\/orders\.sql/);
      const fixed = run('pre-commit', ['run', 'osmosis-ts-document', '--all-files'], dbtRepo, env);
      expect(fixed.status, `${fixed.stdout}\n${fixed.stderr}`).toBe(0);

      // The audit hook from the README: its exit code follows the threshold it prints.
      const audit = run('pre-commit', ['run', 'osmosis-ts-audit', '--all-files'], dbtRepo, env);
      const auditOutput = `${audit.stdout}\n${audit.stderr}`;
      expect(auditOutput).toMatch(/Column coverage \d+\.\d% (is below|meets) the required 80%/);
      expect(audit.status, auditOutput).toBe(auditOutput.includes('is below the required') ? 1 : 0);
    },
    1_800_000,
  );
});
