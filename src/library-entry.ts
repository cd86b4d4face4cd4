/**
 * `documentProject` as the CLI and library users call it: the core with the real ports (Node's
 * file system, the SDK models, the SQLite cache, the system clock, `process.cwd()`), any of which
 * the caller may replace.
 */
import { documentProject as documentWithPorts, type DocumentRunContext } from './document-project.js';
import type { DocumentOptions } from './config/types.js';
import { nodePorts } from './node-ports.js';
import type { Ports } from './ports.js';
import type { DocumentReport } from './report.js';

export interface DocumentProjectContext extends Omit<DocumentRunContext, 'ports'> {
  /** Ports to use instead of the real ones, e.g. `{ createModel }` for your own model, or `{ cwd }`. */
  ports?: Partial<Ports>;
}

/**
 * The library entry: load → inherit → (synthesize) → plan → write. Throws an input error (exit 2
 * in the CLI, nothing written) for bad input.
 */
export function documentProject(options: DocumentOptions, ctx: DocumentProjectContext = {}): Promise<DocumentReport> {
  return documentWithPorts(options, { ...ctx, ports: nodePorts(ctx.ports) });
}
