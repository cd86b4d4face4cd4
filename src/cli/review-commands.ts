import { Option, type Command } from 'commander';
import { addOptions } from './add-options.js';
import type { CliIo } from './cli-io.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Options every review subcommand takes: where the project and its artifacts are, and who acts. */
function addCommon(cmd: Command): Command {
  return addOptions(cmd, ['projectDir', 'targetPath', 'manifestPath', 'catalogPath', 'reviewer']).exitOverride();
}

const REVIEW_EXAMPLES = `
Examples:
  $ osmosis-ts yaml document --synthesize --review     # LLM text becomes proposals
  $ osmosis-ts review list                             # what waits, grouped by node
  $ osmosis-ts review approve 3f2a9c1b7d0e             # ids or unique prefixes (6+ characters)
  $ osmosis-ts review edit 3f2a9c1b7d0e --text "Customer's first order date."
  $ osmosis-ts review reject 81c0d2aa4b3e --note "wrong grain"
  $ osmosis-ts review approve --all -s staging         # everything pending under models/staging
  $ osmosis-ts review apply --dry-run                  # the YAML diff; without --dry-run it is written
  $ osmosis-ts review rollback 3f2a9c1b7d0e
  $ osmosis-ts review export --format csv --out audit.csv

Exit codes: 0 done · 1 conflicts, or --check found approved proposals not applied · 2 bad usage or input
`;

/**
 * `osmosis-ts review <subcommand>`: the terminal side of the review workflow (docs/review.md).
 * Handlers load on use, like the other commands.
 */
export function addReviewCommands(program: Command, io: CliIo, setExit: (code: number) => void): Command {
  const review = program.command('review').description('serve the review page; or list, approve, edit, reject, apply, roll back, export proposals').addHelpText('after', REVIEW_EXAMPLES).exitOverride();
  const run = (name: string) => async (...args: unknown[]) => {
    const { runReviewCommand } = await import('./run-review.js');
    const command = args[args.length - 1] as Command;
    const positional = (args.slice(0, -2).flat() as unknown[]).filter((a): a is string => typeof a === 'string');
    setExit(await runReviewCommand(name, positional, command.opts(), io));
  };
  // Bare `osmosis-ts review` serves the page (src/cli/run-review-serve.ts): `serve` is the
  // default subcommand, so the parent has no options of its own to take from `review list …`.
  addCommon(review.command('serve', { isDefault: true }).description('serve the review page on a loopback address (the default)'))
    .option('--port <n>', 'port to serve on (default: a free one)')
    .option('--host <addr>', 'loopback address to bind; anything else is refused', '127.0.0.1')
    .option('--no-open', 'do not start a browser')
    .action(async (flags: Record<string, unknown>) => {
      const { runReviewServeCommand } = await import('./run-review-serve.js');
      setExit(await runReviewServeCommand(flags, io));
    });
  const selectOption = (): Option => new Option('-s, --select <selector...>', 'only proposals of these nodes (dbt selection syntax)').argParser(collect);

  addCommon(review.command('list').description('list proposals grouped by node'))
    .option('--status <status>', 'only this status: pending, approved, rejected, applied, rolled_back or stale')
    .addOption(selectOption())
    .option('--format <format>', '`text` or `json` (with each proposal\'s history)', 'text')
    .action(run('list'));
  for (const action of ['approve', 'reject'] as const) {
    addCommon(review.command(action).description(`${action} proposals by id, or --all matching the filters`).argument('[ids...]', 'proposal ids or unique prefixes'))
      .option('--all', 'every proposal matching --status and --select')
      .option('--status <status>', 'with --all: the status to act on', 'pending')
      .addOption(selectOption())
      .option('--note <text>', 'a note recorded with the action')
      .action(run(action));
  }
  addCommon(review.command('edit').description('set the text of a proposal and approve it').argument('<id>', 'proposal id or unique prefix'))
    .requiredOption('--text <text>', 'the description to approve')
    .option('--note <text>', 'a note recorded with the action')
    .action(run('edit'));
  addCommon(review.command('apply').description('write every approved proposal into the YAML (byte-stable)'))
    .option('--dry-run', 'print the diff, write nothing')
    .option('--check', 'exit 1 while approved proposals are not applied (writes nothing)')
    .option('--force', "replace a text a person wrote meanwhile (otherwise that proposal becomes stale)")
    .option('--add-progenitor-to-meta', 'record in meta.osmosis_progenitor the node the text was written for')
    .action(run('apply'));
  addCommon(review.command('rollback').description('put back what applied proposals replaced, where the YAML still holds the applied text').argument('[ids...]', 'proposal ids or unique prefixes'))
    .option('--since <timestamp>', 'every proposal applied at or after this time (ISO 8601)')
    .action(run('rollback'));
  addCommon(review.command('export').description('write the full history (for compliance)'))
    .option('--format <format>', '`csv` (the audit trail, one row per action) or `json` (every proposal with its history)', 'csv')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(run('export'));
  addCommon(review.command('compact').description('rewrite .osmosis/proposals.jsonl with one line per proposal (history stays in audit.jsonl)'))
    .action(run('compact'));
  return review;
}
