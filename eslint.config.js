// The layer rules of src/, and nothing else: `npm run lint` keeps the arrows pointing one way,
//   cli → entry (src/index.ts, src/document-project.ts) → core → ports (src/llm, src/cache),
// and keeps the SDKs, SQLite and commander in the one folder each that may load them.
// Style and correctness are left to tsc and the tests.
//
// The parser is Babel's with its TypeScript syntax plugin, not typescript-eslint's: the repository
// builds with TypeScript 7, which has no JavaScript compiler API, and typescript-eslint needs one
// (it accepts typescript <6.1 or the 7.1 native preview). Import rules only need the syntax.
import babelParser from '@babel/eslint-parser';

const CORE = ['config', 'project', 'project/manifest', 'graph', 'inheritance', 'edits', 'yaml', 'synthesis', 'cost', 'review', 'lineage', 'audit', 'organize', 'enrich'];
const PORTS = ['llm', 'cache'];

// Folders whose code is pure (STYLE.md: "never import node:fs"); files are read and written at the edge.
const PURE = ['config', 'project/manifest', 'graph', 'inheritance', 'edits', 'yaml', 'cost', 'lineage', 'enrich', 'llm'];

/** Import paths into these folders of src (relative ones: a package name never has a slash after it). */
function inside(folders) {
  return folders.map((f) => `**/${f}/**`);
}

// Extra rules for the lowest core folders.
const LOWER = { yaml: ['leaf'], 'project/manifest': ['leaf'], graph: ['graph'] };

const RULE = {
  cli: { group: ['**/cli/*', '**/cli/**'], message: 'Only src/cli imports src/cli: the arrows go cli → entry → core → ports.' },
  entry: {
    group: ['**/document-project.js', '../index.js', '../../index.js'],
    message: 'The entry (src/index.ts, src/document-project.ts) is imported by src/cli only; move what you need into a core folder.',
  },
  sdk: {
    group: ['openai', 'openai/*', '@anthropic-ai/sdk', '@anthropic-ai/sdk/*', '@aws-sdk/*', '@smithy/*'],
    message: 'Provider SDKs are loaded by src/llm/providers and src/llm/batch only; the rest talks to the LanguageModel interface.',
  },
  store: { group: ['keyv', '@keyv/*', 'sqlite3'], message: 'The SQLite store is loaded by src/cache only.' },
  commander: { group: ['commander'], message: 'Only src/cli parses argv.' },
  realPorts: {
    group: ['**/node-ports.js'],
    message: 'The core takes its ports (src/ports.ts) as arguments; only src/cli and the library entry wire the real ones (src/node-ports.ts).',
  },
  fs: {
    group: ['fs', 'fs/*', 'node:fs', 'node:fs/*', 'node:child_process', 'child_process'],
    message: 'This folder is pure: take the text or a port as an argument; files are read and written in src/project, src/yaml/write-files.ts, src/cache and src/cli.',
  },
  // The bottom of the core: YAML editing and the artifact schemas stand on nothing else of ours.
  leaf: { group: inside(['cli', ...CORE, ...PORTS]), message: 'src/yaml and src/project/manifest import no other folder of src (only the errors module).' },
  graph: {
    // src/project's own files, not its manifest/ subfolder (a pattern cannot re-include below an excluded folder).
    group: [...inside(['cli', ...CORE, ...PORTS].filter((f) => f !== 'project/manifest' && f !== 'project')), '**/project/*.js'],
    message: 'src/graph builds on src/project/manifest only.',
  },
  core: {
    group: [...inside(CORE), '**/report.js', '**/progress.js'],
    message: 'Ports (src/llm, src/cache) do not import the core: the core passes them what they need.',
  },
};

// The SDKs and the store are loaded lazily, with `await import('openai')`, which
// no-restricted-imports does not see: the same restriction for dynamic imports.
const DYNAMIC = {
  sdk: '^(openai|@anthropic-ai\\/sdk|@aws-sdk\\/|@smithy\\/)',
  store: '^(keyv|@keyv\\/|sqlite3)',
};

/** One config block: `files` get exactly these restrictions (a later block would replace, not add). */
function zone(files, rules, ignores = []) {
  const dynamic = rules.filter((name) => name in DYNAMIC).map((name) => ({ selector: `ImportExpression[source.value=/${DYNAMIC[name]}/]`, message: RULE[name].message }));
  return {
    files,
    ...(ignores.length > 0 ? { ignores } : {}),
    rules: {
      'no-restricted-imports': ['error', { patterns: rules.map((name) => RULE[name]) }],
      ...(dynamic.length > 0 ? { 'no-restricted-syntax': ['error', ...dynamic] } : {}),
    },
  };
}

const under = (folder) => [`src/${folder}/**/*.ts`];
const SDK_FILES = ['src/llm/providers/**/*.ts', 'src/llm/batch/**/*.ts', 'src/llm/map-bedrock-error.ts'];

// Exceptions that exist today, each a move for a later step (see the closing note of issue 10):
// the review store reads the project and writes YAML with the real file system, not a port.
const REVIEW_USES_NODE_PORTS = ['src/review/apply-proposals.ts', 'src/review/rollback-proposals.ts', 'src/review/open-review-store.ts', 'src/review/write-rendered.ts'];

export default [
  { ignores: ['dist/**', 'node_modules/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: babelParser,
      parserOptions: { requireConfigFile: false, babelOptions: { babelrc: false, configFile: false, plugins: [['@babel/plugin-syntax-typescript', { dts: false }]] } },
    },
  },

  zone(under('cli'), ['sdk', 'store']),
  zone(['src/index.ts'], ['cli', 'sdk', 'store', 'commander']),
  // The library entry wires the real ports into src/document-project.ts.
  zone(['src/library-entry.ts'], ['cli', 'sdk', 'store', 'commander', 'fs']),
  // The real ports: Node's file system here, the SDKs and SQLite behind src/llm and src/cache.
  zone(['src/node-ports.ts'], ['cli', 'entry', 'sdk', 'store', 'commander']),
  zone(['src/document-project.ts'], ['cli', 'entry', 'sdk', 'store', 'commander', 'realPorts']),
  zone(['src/*.ts'], ['cli', 'entry', 'sdk', 'store', 'commander', 'fs', 'realPorts'], ['src/index.ts', 'src/document-project.ts', 'src/library-entry.ts', 'src/node-ports.ts']),

  ...CORE.map((folder) =>
    zone(under(folder), ['cli', 'entry', 'sdk', 'store', 'commander', 'realPorts', ...(PURE.includes(folder) ? ['fs'] : []), ...(LOWER[folder] ?? [])], [
      ...(folder === 'yaml' ? ['src/yaml/write-files.ts'] : []),
      ...(folder === 'review' ? REVIEW_USES_NODE_PORTS : []),
    ]),
  ),
  // The one module of src/yaml that writes files.
  zone(['src/yaml/write-files.ts'], ['cli', 'entry', 'sdk', 'store', 'commander', 'leaf']),
  zone(REVIEW_USES_NODE_PORTS, ['cli', 'entry', 'sdk', 'store', 'commander']),

  zone(under('llm'), ['cli', 'entry', 'sdk', 'store', 'commander', 'fs', 'core', 'realPorts'], SDK_FILES),
  zone(SDK_FILES, ['cli', 'entry', 'store', 'commander', 'fs', 'core', 'realPorts']),
  zone(under('cache'), ['cli', 'entry', 'sdk', 'commander', 'core', 'realPorts']),
];
