/**
 * The one table of `yaml document` options: it drives the commander flags, the `--help` text
 * and the README's option list (`node scripts/options-doc.mjs`), so the three cannot drift.
 */
export interface FlagSpec {
  /** Commander flag syntax, e.g. `--llm-max-cost <usd>`. */
  flags: string;
  description: string;
  group: 'Project' | 'Selection' | 'Output' | 'Inheritance' | 'Synthesis' | 'LLM transport' | 'Cache and cost' | 'dbt parse';
  /** Repeatable option collecting values into an array. */
  repeatable?: boolean;
  /** Shown as the default in help (the real defaults live in config resolution). */
  defaultText?: string;
  /** Environment variable that also sets it. */
  env?: string;
}

export const DOCUMENT_FLAGS: readonly FlagSpec[] = [
  { flags: '--project-dir <dir>', group: 'Project', description: 'the dbt project (holds dbt_project.yml)', defaultText: 'current folder', env: 'DBT_PROJECT_DIR' },
  { flags: '--target-path <dir>', group: 'Project', description: "dbt's target folder", defaultText: '<project-dir>/target, or target-path in dbt_project.yml', env: 'DBT_TARGET_PATH' },
  { flags: '--manifest-path <file>', group: 'Project', description: 'the manifest to read (e.g. from an integration_tests project)', defaultText: '<target-path>/manifest.json' },
  { flags: '--catalog-path <file>', group: 'Project', description: 'the catalog (adds warehouse columns and types); an explicit one must exist', defaultText: '<target-path>/catalog.json when it exists' },
  { flags: '--dbt-parse [command]', group: 'Project', description: 'run `dbt parse` (or the command given) first, so the manifest is fresh' },
  { flags: '--vars <yaml>', group: 'Project', description: "dbt vars as a YAML mapping: override dbt_project.yml's vars (including vars.dbt-osmosis) and are passed to --dbt-parse" },
  { flags: '--profile <name>', group: 'dbt parse', description: 'passed to --dbt-parse (osmosis-ts itself never connects to the warehouse)' },
  { flags: '-t, --target <name>', group: 'dbt parse', description: 'passed to --dbt-parse' },
  { flags: '--profiles-dir <dir>', group: 'dbt parse', description: 'passed to --dbt-parse' },
  { flags: '--threads <n>', group: 'dbt parse', description: 'passed to --dbt-parse' },
  { flags: '--disable-introspection', group: 'dbt parse', description: 'accepted for dbt-osmosis users; always on: osmosis-ts reads columns from catalog.json and never queries the warehouse' },
  { flags: '-s, --select <selector...>', group: 'Selection', description: 'dbt selection syntax: names, path:, tag:, fqn:, resource_type:, package:, source:, config.materialized:, +/@/n+ graph operators, unions (space) and intersections (comma)', repeatable: true },
  { flags: '--exclude <selector...>', group: 'Selection', description: 'nodes to leave out, same syntax as --select', repeatable: true },
  { flags: '-f, --fqn <fqn>', group: 'Selection', description: 'nodes whose fqn starts with these dot-separated parts, with or without the project name as `dbt ls` prints it (repeatable)', repeatable: true },
  { flags: '-d, --dry-run', group: 'Output', description: 'write nothing; print a unified diff of what would change (with --synthesize: no LLM call; what is left is priced as --llm-dry-run does)' },
  { flags: '-C, --check', group: 'Output', description: 'exit 1 when any file would change (writes nothing; for CI and pre-commit)' },
  { flags: '--fail-on-change', group: 'Output', description: 'write the changes, then exit 1 when a file changed (the pre-commit fixer idiom: review and stage them)' },
  { flags: '--format <format>', group: 'Output', description: '`text`, or `json`: exactly one JSON report on stdout', defaultText: 'text' },
  { flags: '--show-config', group: 'Output', description: 'print the resolved settings with where each came from (secrets redacted) and exit' },
  { flags: '--strip-eof-blank-lines', group: 'Output', description: 'remove blank lines at the end of every file written' },
  { flags: '--keep-eof-blank-lines', group: 'Output', description: 'the default: blank lines at the end of a file are kept (overrides strip_eof_blank_lines in dbt_project.yml)' },
  { flags: '--formatter <command>', group: 'Output', description: 'run this command on the files written, their paths appended (e.g. "prettier --write")' },
  { flags: '-q, --quiet', group: 'Output', description: 'print only errors (and the diff with --dry-run)' },
  { flags: '--log-level <level>', group: 'Output', description: "dbt-osmosis's levels: DEBUG is --verbose, ERROR or CRITICAL is --quiet, INFO or WARNING the default" },
  { flags: '-v, --verbose', group: 'Output', description: 'log each LLM request: node, strategy, tokens, latency' },
  { flags: '-F, --force-inherit-descriptions', group: 'Inheritance', description: "replace existing descriptions with the nearest upstream one (a person's words are kept without it)" },
  { flags: '--skip-add-columns', group: 'Inheritance', description: 'do not add catalog columns missing from the YAML' },
  { flags: '--skip-add-data-types', group: 'Inheritance', description: 'do not write data_type on added columns' },
  { flags: '--output-to-lower', group: 'Inheritance', description: 'write added column names and data types in lowercase (default: the case the file already uses)' },
  { flags: '--output-to-upper', group: 'Inheritance', description: 'write added column names and data types in uppercase' },
  { flags: '--sort-by <order>', group: 'Inheritance', description: '`database` (catalog order) or `alphabetical`: sort the columns of written entries', defaultText: "keep the file's order" },
  { flags: '--add-progenitor-to-meta', group: 'Inheritance', description: 'record in meta.osmosis_progenitor the node where an inherited text was first written' },
  { flags: '--skip-inherit-descriptions', group: 'Inheritance', description: 'upstream column tags and meta still come down, descriptions do not (wins over --force-inherit-descriptions)' },
  { flags: '--skip-add-source-columns', group: 'Inheritance', description: 'do not add catalog columns to sources (models and seeds still get theirs)' },
  { flags: '--skip-add-tags', group: 'Inheritance', description: 'do not copy upstream column tags along with an inherited description' },
  { flags: '--skip-merge-meta', group: 'Inheritance', description: 'do not merge upstream column meta along with an inherited description' },
  { flags: '--skip-inheritance-for-meta-keys <key>', group: 'Inheritance', description: 'upstream meta keys that are never inherited; other keys still are (repeatable)', repeatable: true },
  { flags: '--add-inheritance-for-specified-keys <key>', group: 'Inheritance', description: 'column keys (e.g. policy_tags) also inherited from the nearest upstream column that has them (repeatable)', repeatable: true },
  { flags: '--use-unrendered-descriptions', group: 'Inheritance', description: "accepted for dbt-osmosis users; always on: descriptions are read from the YAML as written, so {{ doc() }} references flow down unrendered" },
  { flags: '--prefer-yaml-values', group: 'Inheritance', description: 'accepted for dbt-osmosis users; always on: every value is read from the YAML as written ({{ var() }} and {{ env_var() }} stay templates)' },
  { flags: '--numeric-precision-and-scale', group: 'Inheritance', description: 'write numeric data types with precision and scale, e.g. NUMBER(38,8) (default: NUMBER)' },
  { flags: '--string-length', group: 'Inheritance', description: 'write string data types with their length, e.g. VARCHAR(128) (default: VARCHAR)' },
  { flags: '--scaffold-empty-configs', group: 'Inheritance', description: 'give new entries and columns an empty description: "" to fill in by hand' },
  { flags: '--no-scaffold-empty-configs', group: 'Inheritance', description: 'the default: no empty description is written (overrides scaffold_empty_configs in dbt_project.yml)' },
  { flags: '--fusion-compat', group: 'Inheritance', description: 'refused: new tags and meta already follow each file (under config: where the file keeps them there, dbt 1.10 / Fusion style)' },
  { flags: '--no-fusion-compat', group: 'Inheritance', description: 'refused, as --fusion-compat' },
  { flags: '--include-external', group: 'Inheritance', description: 'refused: files of installed packages are replaced by `dbt deps`; run osmosis-ts in the package itself' },
  { flags: '--lineage <mode>', group: 'Inheritance', description: '`on`: inherit along column lineage read from the SQL (renames, casts, CTEs), name matching where it is unknown; `off`: name matching only (docs/lineage.md)', defaultText: 'on' },
  { flags: '--placeholder <text>', group: 'Inheritance', description: 'a description that counts as missing (repeatable; replaces the defaults)', repeatable: true },
  { flags: '--synthesize', group: 'Synthesis', description: 'ask an LLM for what inheritance leaves missing' },
  { flags: '--review', group: 'Synthesis', description: 'with --synthesize: LLM text becomes proposals in .osmosis/proposals.jsonl for `osmosis-ts review`, not YAML (docs/review.md)' },
  { flags: '--reviewer <name>', group: 'Synthesis', description: 'who proposals and review actions are recorded as', defaultText: "git's user.name and user.email, else the OS user", env: 'OSMOSIS_REVIEWER' },
  { flags: '--llm-provider <name>', group: 'Synthesis', description: 'openai, azure-openai, anthropic, bedrock, google-gemini, ollama, lm-studio or openai-compatible', env: 'LLM_PROVIDER', defaultText: 'openai' },
  { flags: '--llm-model <id>', group: 'Synthesis', description: 'model id (Azure: the deployment)', env: 'OPENAI_MODEL, ANTHROPIC_MODEL, …' },
  { flags: '--llm-base-url <url>', group: 'Synthesis', description: 'endpoint of the provider or gateway', env: 'OPENAI_BASE_URL, …' },
  { flags: '--llm-temperature <t>', group: 'Synthesis', description: 'sampling temperature, 0 to 2' },
  { flags: '--bulk-threshold <n>', group: 'Synthesis', description: 'more than N missing columns in a node: one bulk JSON request; otherwise one request per column', defaultText: '10' },
  { flags: '--llm-prompt-file <file>', group: 'Synthesis', description: 'prompt templates overriding the defaults (see prompts.example.yaml)' },
  { flags: '--llm-style-guide <file>', group: 'Synthesis', description: 'a style guide sent to the model as context' },
  { flags: '--llm-max-repairs <n>', group: 'Synthesis', description: 'repair requests after an invalid answer', defaultText: '2' },
  { flags: '--enrich <fields>', group: 'Synthesis', description: 'with --synthesize: also ask for pii, tags, tests and/or purpose (comma list), each checked against a vocabulary; reviewed unless --enrich-apply (docs/enrich.md)' },
  { flags: '--enrich-apply', group: 'Synthesis', description: 'write enrichment values into the YAML instead of proposing them for review' },
  { flags: '--llm-sample-rows <n>', group: 'Synthesis', description: 'rows of sample data a prompt carries (seeds: the first rows of the CSV)', defaultText: '5' },
  { flags: '--llm-sample-command <command>', group: 'Synthesis', description: 'with --enrich: command printing a model\'s sample rows, {node} and {n} substituted (e.g. "dbt show --select {node} --limit {n} --output json")' },
  { flags: '--llm-sample-timeout <seconds>', group: 'Synthesis', description: 'time limit of one --llm-sample-command run; the node then goes without sample', defaultText: '30' },
  { flags: '--llm-concurrency <n>', group: 'LLM transport', description: 'LLM calls in flight at once', defaultText: '8' },
  { flags: '--llm-rpm <n>', group: 'LLM transport', description: 'at most N requests per minute' },
  { flags: '--llm-timeout <seconds>', group: 'LLM transport', description: 'per-request timeout', defaultText: '120' },
  { flags: '--llm-max-retries <n>', group: 'LLM transport', description: 'retries of 408/409/429/5xx, timeouts and resets', defaultText: '4' },
  { flags: '--llm-max-cost <usd>', group: 'Cache and cost', description: 'hard budget for this run: spend never exceeds it (exit 4 when reached)' },
  { flags: '--llm-dry-run', group: 'Cache and cost', description: 'make no LLM call and write nothing: print calls, tokens, USD, cache hits and what fits the budget' },
  { flags: '--llm-cache-path <file>', group: 'Cache and cost', description: 'SQLite response cache', defaultText: '$XDG_CACHE_HOME/osmosis-ts/llm-cache.sqlite' },
  { flags: '--no-llm-cache', group: 'Cache and cost', description: 'neither read nor write the response cache' },
  { flags: '--llm-batch', group: 'Cache and cost', description: "send requests through the provider's batch API (OpenAI, Anthropic): half price, no rate limits, answers within hours; a wave of ready nodes per batch, resumed by the next run" },
  { flags: '--llm-batch-wait <duration>', group: 'Cache and cost', description: 'with --llm-batch: stop waiting after this long (e.g. 30m, 2h) and exit 5; run again to collect', defaultText: 'until done' },
  { flags: '--llm-batch-poll <duration>', group: 'Cache and cost', description: 'with --llm-batch: time between status checks of a running batch', defaultText: '30s' },
  { flags: '--llm-stats', group: 'Cache and cost', description: 'print calls, cache hits, tokens and USD at the end' },
];
