import type { ProgressEvent } from '../progress.js';

/** Where the CLI writes, and what the terminal can do. Injected so tests can capture it. */
export interface Terminal {
  out(text: string): void;
  err(text: string): void;
  /** stderr is a TTY (progress bar instead of log lines). */
  isTTY: boolean;
  color: boolean;
}

export function processTerminal(env: Record<string, string | undefined>): Terminal {
  const isTTY = process.stderr.isTTY === true;
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isTTY,
    color: isTTY && env['NO_COLOR'] === undefined && env['TERM'] !== 'dumb',
  };
}

export function paint(term: Terminal, code: 'red' | 'yellow' | 'green' | 'dim' | 'bold', text: string): string {
  if (!term.color) return text;
  const codes = { red: 31, yellow: 33, green: 32, dim: 2, bold: 1 } as const;
  return `\u001b[${codes[code]}m${text}\u001b[0m`;
}

const PHASE_LABELS: Record<Extract<ProgressEvent, { type: 'phase' }>['phase'], string> = {
  load: 'reading the manifest, catalog and schema files',
  inherit: 'inheriting column docs',
  synthesize: 'synthesizing',
  estimate: 'estimating the LLM plan',
  write: 'writing',
};

function usd(value: number | null): string {
  return value === null ? 'USD unknown' : `$${value.toFixed(4)}`;
}

/**
 * Shows a run's progress on stderr: a bar redrawn in place on a TTY, a plain line now and then
 * otherwise (CI logs). Verbose adds one line per LLM request.
 */
export function createProgressReporter(term: Terminal, opts: { verbose: boolean; quiet: boolean }): { listener: (e: ProgressEvent) => void; finish(): void } {
  let lastDraw = 0;
  // Plain lines start after the first interval: a run's output never opens with "0/N nodes".
  let lastLine = Date.now();
  let drawn = false;
  const clear = (): void => {
    if (drawn) term.err('\r\u001b[2K');
    drawn = false;
  };
  const listener = (event: ProgressEvent): void => {
    if (opts.quiet) return;
    if (event.type === 'warning') {
      clear();
      term.err(`${paint(term, 'yellow', 'warning:')} ${event.message}\n`);
    } else if (event.type === 'phase' && opts.verbose) {
      clear();
      term.err(paint(term, 'dim', `» ${event.phase}${event.detail ? ` (${event.detail})` : ''}\n`));
    } else if (event.type === 'phase' && term.isTTY) {
      // A transient status line on a terminal, so a long run never looks stuck.
      term.err(`\r\u001b[2K${paint(term, 'dim', `${PHASE_LABELS[event.phase]}${event.detail ? ` ${event.detail}` : ''}…`)}`);
      drawn = true;
    } else if (event.type === 'llm-call' && opts.verbose) {
      clear();
      const tokens = event.cached ? 'cache hit' : `${event.inputTokens ?? '?'} in / ${event.outputTokens ?? '?'} out`;
      const latency = event.latencyMs === undefined ? '' : `, ${event.latencyMs} ms`;
      term.err(paint(term, 'dim', `  ${event.failed ? 'failed' : 'call'} ${event.node}${event.column ? `.${event.column}` : ''} [${event.strategy}] ${tokens}${latency}\n`));
    } else if (event.type === 'batch-progress') {
      const now = Date.now();
      const text = `batches: ${event.waves} ${event.waves === 1 ? 'wave' : 'waves'} · ${event.submitted} submitted · ${event.completed} collected · ${event.pending} pending`;
      if (term.isTTY) {
        term.err(`\r\u001b[2K${text}`);
        drawn = true;
      } else if (now - lastLine > 5000 || event.pending === 0) {
        lastLine = now;
        term.err(`${text}\n`);
      }
    } else if (event.type === 'synthesis-progress') {
      const now = Date.now();
      const text = `${event.nodesDone}/${event.nodesTotal} nodes · ${event.calls} calls · ${event.cacheHits} cached · ${usd(event.costUsd)}`;
      if (term.isTTY) {
        if (now - lastDraw < 80 && event.nodesDone < event.nodesTotal) return;
        lastDraw = now;
        const width = 24;
        const filled = event.nodesTotal === 0 ? width : Math.round((event.nodesDone / event.nodesTotal) * width);
        term.err(`\r\u001b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}`);
        drawn = true;
      } else if (now - lastLine > 5000 || event.nodesDone === event.nodesTotal) {
        lastLine = now;
        term.err(`synthesis: ${text}\n`);
      }
    }
  };
  return { listener, finish: clear };
}
