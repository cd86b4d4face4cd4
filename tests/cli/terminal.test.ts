import { describe, expect, it } from 'vitest';
import { createProgressReporter, processTerminal, type Terminal } from '../../src/cli/terminal.js';

function capture(isTTY: boolean): { term: Terminal; err: () => string } {
  let err = '';
  return { term: { out: () => {}, err: (t) => void (err += t), isTTY, color: false }, err: () => err };
}

const progress = (nodesDone: number) => ({ type: 'synthesis-progress' as const, nodesDone, nodesTotal: 4, calls: nodesDone * 2, cacheHits: 1, costUsd: 0.0123 });

describe('progress on the terminal', () => {
  it('redraws one bar in place on a TTY and clears it at the end', () => {
    const { term, err } = capture(true);
    const reporter = createProgressReporter(term, { verbose: false, quiet: false });
    reporter.listener({ type: 'phase', phase: 'load' });
    reporter.listener(progress(4));
    reporter.finish();
    expect(err()).toContain('reading the manifest, catalog and schema files…');
    expect(err()).toContain('\r\u001b[2K[########################] 4/4 nodes · 8 calls · 1 cached · $0.0123');
    expect(err().endsWith('\r\u001b[2K')).toBe(true);
    expect(err()).not.toContain('\n');
  });

  it('prints plain lines, no control characters, when not a TTY', () => {
    const { term, err } = capture(false);
    const reporter = createProgressReporter(term, { verbose: false, quiet: false });
    reporter.listener({ type: 'phase', phase: 'load' });
    reporter.listener(progress(4));
    reporter.listener({ type: 'warning', message: 'manifest is old' });
    reporter.finish();
    expect(err()).toBe('synthesis: 4/4 nodes · 8 calls · 1 cached · $0.0123\nwarning: manifest is old\n');
  });

  it('when not a TTY, a run does not open with a "0/N nodes" line: plain lines start after an interval', () => {
    const { term, err } = capture(false);
    const reporter = createProgressReporter(term, { verbose: false, quiet: false });
    reporter.listener(progress(0));
    reporter.listener(progress(1));
    expect(err()).toBe('');
    reporter.listener(progress(4));
    expect(err()).toBe('synthesis: 4/4 nodes · 8 calls · 1 cached · $0.0123\n');
  });

  it('--verbose logs each request; --quiet prints nothing', () => {
    const verbose = capture(false);
    createProgressReporter(verbose.term, { verbose: true, quiet: false }).listener({ type: 'llm-call', node: 'model.p.a', strategy: 'bulk', cached: false, inputTokens: 900, outputTokens: 120, latencyMs: 640, failed: false });
    expect(verbose.err()).toBe('  call model.p.a [bulk] 900 in / 120 out, 640 ms\n');
    const quiet = capture(true);
    const reporter = createProgressReporter(quiet.term, { verbose: true, quiet: true });
    reporter.listener(progress(2));
    reporter.listener({ type: 'warning', message: 'x' });
    expect(quiet.err()).toBe('');
  });

  it('respects NO_COLOR and TERM=dumb', () => {
    expect(processTerminal({ NO_COLOR: '1' }).color).toBe(false);
    expect(processTerminal({ TERM: 'dumb' }).color).toBe(false);
  });
});
