import { Command, CommanderError } from 'commander';
import os from 'node:os';
import { addOptions, DOCUMENT_OPTION_KEYS } from './add-options.js';
import { addReviewCommands } from './review-commands.js';
import type { CliIo } from './cli-io.js';
import { reportFailure } from './report-failure.js';
import { processTerminal } from './terminal.js';
import { VERSION } from '../version.js';


const DOCUMENT_EXAMPLES = `
Examples:
  $ osmosis-ts yaml document                          # inherit docs down the DAG, write the YAML
  $ osmosis-ts yaml document --dry-run                # show the diff, write nothing
  $ osmosis-ts yaml document --check                  # CI / pre-commit: exit 1 if anything would change
  $ osmosis-ts yaml document -s +marts.orders         # only orders and its ancestors
  $ osmosis-ts yaml document models/staging           # positional paths or names, as in dbt-osmosis
  $ osmosis-ts yaml document --synthesize --llm-dry-run --llm-max-cost 2    # plan and price, no call
  $ osmosis-ts yaml document --synthesize --llm-max-cost 2                  # fill the rest with an LLM
  $ osmosis-ts yaml document --project-dir . --manifest-path integration_tests/target/manifest.json

Exit codes: 0 done · 1 --check found changes · 2 bad usage, config or input (nothing written)
            3 some synthesis failed, or a schema file needing changes was left as it is
              (the rest is written) · 4 stopped at the budget
            5 stopped waiting for a batch (--llm-batch-wait): run again to collect it
`;

const TOP_EXAMPLES = `
Examples:
  $ cd my_dbt_project && dbt parse
  $ osmosis-ts yaml document --dry-run                # what inheritance would change, as a diff
  $ osmosis-ts yaml document                          # write it
  $ osmosis-ts yaml document --synthesize --llm-dry-run --llm-max-cost 2   # price the LLM part, no call
  $ osmosis-ts llm test                               # one small request with your LLM settings
  $ osmosis-ts cache stats                            # the LLM response cache

Run \`osmosis-ts <command> --help\` for a command's options.
`;

const YAML_EXAMPLES = `
Examples:
  $ osmosis-ts yaml document --check                  # CI / pre-commit: exit 1 if anything would change
  $ osmosis-ts yaml document -d models/staging        # dbt-osmosis style: dry run of one folder
`;

const LLM_EXAMPLES = `
Examples:
  $ OPENAI_API_KEY=… osmosis-ts llm test
  $ osmosis-ts llm test --llm-provider ollama --llm-model llama3.1
`;

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('osmosis-ts')
    .description('Document dbt projects: inherit column docs down the DAG and synthesize what is missing with an LLM, cached and budget-capped.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.term.out(s), writeErr: (s) => io.term.err(s) })
    .addHelpText('after', TOP_EXAMPLES);

  const yaml = program.command('yaml').description('work on the schema YAML files of a dbt project').addHelpText('after', YAML_EXAMPLES);
  yaml.exitOverride();
  const document = yaml
    .command('document')
    .description('fill in missing column and model descriptions: inheritance, then (with --synthesize) an LLM')
    .argument('[selector...]', 'paths or node names to document (as in dbt-osmosis)')
    .addHelpText('after', DOCUMENT_EXAMPLES)
    .exitOverride();
  addOptions(document, DOCUMENT_OPTION_KEYS);
  document.action(async (positional: string[], flags: Record<string, unknown>) => {
    // Commands load on use, so `--check` never loads an SDK or SQLite.
    const { runDocumentCommand } = await import('./run-document.js');
    setExit(await runDocumentCommand(positional, flags, io));
  });

  const audit = yaml
    .command('audit')
    .description('documented share of columns and node descriptions per folder and resource type, now and after inheritance')
    .argument('[selector...]', 'paths or node names to audit (as in yaml document)')
    .option('--min-coverage <pct>', 'exit 1 when less than PCT percent of the columns are documented')
    .addHelpText('after', `
Examples:
  $ osmosis-ts yaml audit                              # the table, exit 0
  $ osmosis-ts yaml audit --min-coverage 80            # CI: exit 1 below 80% of columns documented
  $ osmosis-ts yaml audit -s path:models/marts --format json

Exit codes: 0 done (at or above --min-coverage) · 1 below --min-coverage · 2 bad usage, config or input
`)
    .exitOverride();
  addOptions(audit, ['projectDir', 'targetPath', 'manifestPath', 'catalogPath', 'select', 'exclude', 'format', 'placeholder']);
  audit.action(async (positional: string[], flags: Record<string, unknown>) => {
    const { runAuditCommand } = await import('./run-audit.js');
    setExit(await runAuditCommand(positional, flags, io));
  });

  const organize = yaml
    .command('organize')
    .alias('refactor')
    .description('move model entries to the schema files their +dbt-osmosis routing rules name (byte-stable for everything else)')
    .option('--dry-run', 'write nothing; print a unified diff of the moves')
    .option('--check', 'exit 1 when an entry would move (writes nothing)')
    .addHelpText('after', `
Examples:
  $ osmosis-ts yaml organize --dry-run     # show the moves as a diff
  $ osmosis-ts yaml organize --check       # CI: exit 1 when an entry is not where its rule puts it
  $ osmosis-ts yaml organize               # move them

Rules come from +dbt-osmosis in dbt_project.yml (e.g. models: my_project: +dbt-osmosis: "_{model}.yml");
models without a rule stay where they are. Exit codes: 0 done · 1 --check found moves · 2 bad input
`)
    .exitOverride();
  addOptions(organize, ['projectDir', 'targetPath', 'manifestPath']);
  organize.action(async (flags: Record<string, unknown>) => {
    const { runOrganizeCommand } = await import('./run-organize.js');
    setExit(await runOrganizeCommand(flags, io));
  });

  const lineage = program
    .command('lineage')
    .description('show where a column comes from: the upstream path read from the SQL, with the transform (pass, rename, cast, expression) at each step')
    .argument('<node>', 'NODE or NODE.COLUMN: a model, seed, snapshot or source by name or unique id')
    .addHelpText('after', `
Examples:
  $ osmosis-ts lineage customers                  # every column of customers
  $ osmosis-ts lineage stg_orders.order_id --format json
`)
    .exitOverride();
  addOptions(lineage, ['projectDir', 'targetPath', 'manifestPath', 'catalogPath', 'vars', 'format']);
  lineage.action(async (target: string, flags: Record<string, unknown>) => {
    const { runLineageCommand } = await import('./run-lineage.js');
    setExit(await runLineageCommand(target, flags, io));
  });

  const llm = program.command('llm').description('check the LLM settings').addHelpText('after', LLM_EXAMPLES).exitOverride();
  const test = llm
    .command('test')
    .description('send one small real request with the resolved settings; print provider, model, latency and tokens')
    .addHelpText('after', `
Examples:
  $ OPENAI_API_KEY=… osmosis-ts llm test
  $ osmosis-ts llm test --llm-provider ollama --llm-model llama3.1
  $ LLM_PROVIDER=anthropic ANTHROPIC_API_KEY=… osmosis-ts llm test
`)
    .exitOverride();
  addOptions(test, ['projectDir', 'llmProvider', 'llmModel', 'llmBaseUrl', 'llmTemperature', 'llmTimeout', 'llmMaxRetries']);
  test.action(async (flags: Record<string, unknown>) => {
    const { runLlmTestCommand } = await import('./run-llm-test.js');
    setExit(await runLlmTestCommand(flags, io));
  });

  const cache = program
    .command('cache')
    .description('inspect or empty the LLM response cache')
    .addHelpText('after', `
Examples:
  $ osmosis-ts cache stats
  $ osmosis-ts cache prune --max-age 7
  $ osmosis-ts cache clear --llm-cache-path .osmosis/cache.sqlite
`)
    .exitOverride();
  for (const [name, description] of [
    ['stats', 'entries, size on disk and hits'],
    ['clear', 'delete every entry'],
    ['prune', 'drop entries older than --max-age days'],
  ] as const) {
    const sub = cache
      .command(name)
      .description(description)
      .exitOverride();
    addOptions(sub, ['llmCachePath', 'projectDir']);
    if (name === 'prune') sub.option('--max-age <days>', 'entries older than this many days are dropped', '30');
    sub.action(async (flags: Record<string, unknown>) => {
      const { runCacheCommand } = await import('./run-cache.js');
      setExit(await runCacheCommand(name, flags, io));
    });
  }
  addReviewCommands(program, io, setExit);
  return program;
}

function wantsJson(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === '--format=json' || (a === '--format' && argv[i + 1] === 'json'));
}

/** Runs the CLI; resolves to the exit code. Only this layer prints and decides exit codes. */
export async function main(argv: string[], partial: Partial<CliIo> = {}): Promise<number> {
  const env = partial.env ?? process.env;
  const io: CliIo = {
    env,
    term: partial.term ?? processTerminal(env),
    cwd: partial.cwd ?? process.cwd(),
    homedir: partial.homedir ?? os.homedir(),
  };
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  // Asking for nothing is asking what the tool does: help on stdout, exit 0 (as git and npm do).
  if (argv.length <= 2) {
    io.term.out(program.helpInformation() + TOP_EXAMPLES);
    return 0;
  }
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      if (err.code === 'commander.executeSubCommandAsync' || err.exitCode === 0) return 0;
      return 2;
    }
    return reportFailure(err, io, wantsJson(argv));
  }
}
