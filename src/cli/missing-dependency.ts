/**
 * The packages only `--synthesize`, the LLM commands and the cache load. They are optional peer
 * dependencies (and dev dependencies, so a clone's `npm ci` has them): an install of the package
 * itself, such as pre-commit's for the offline hooks, skips them, so a run that needs one gets
 * this advice instead of a stack trace.
 */
const OPTIONAL_PACKAGES = ['@anthropic-ai/sdk', '@aws-sdk/client-bedrock-runtime', '@smithy/node-http-handler', '@keyv/sqlite', 'gpt-tokenizer', 'keyv', 'openai', 'sqlite3'] as const;

const ADVICE =
  'It is an optional peer dependency of osmosis-ts, needed only for --synthesize, the LLM commands and the ' +
  'response cache: install it beside osmosis-ts (`npm install -g openai @anthropic-ai/sdk @keyv/sqlite keyv gpt-tokenizer` ' +
  'for a global install, plus `@aws-sdk/client-bedrock-runtime @smithy/node-http-handler` for --llm-provider bedrock; `npm ci` in a clone has them). In pre-commit, the osmosis-ts-synthesize hook installs them.';

/** Advice when `err` is a failed import of an optional package (or sqlite3's missing native build); else undefined. */
export function describeMissingDependency(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    const name = OPTIONAL_PACKAGES.find((pkg) => err.message.includes(`'${pkg}'`) || err.message.includes(`'${pkg}/`));
    if (name) return `the package '${name}' is not installed. ${ADVICE}`;
  }
  if (/Could not locate the bindings file|node_sqlite3\.node/.test(err.message)) {
    // In a clone, package.json denies sqlite3's own install script and `prepare` builds it instead.
    return `sqlite3 is installed but its native module was not built. In a clone of osmosis-ts run \`npm run prepare\` (it builds sqlite3); elsewhere \`npm rebuild sqlite3\` where osmosis-ts is installed; or pass --no-llm-cache. ${ADVICE}`;
  }
  return undefined;
}
