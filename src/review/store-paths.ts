import path from 'node:path';

/** The store's files inside a project: shared through git, like the YAML they feed. */
export interface StorePaths {
  dir: string;
  proposals: string;
  audit: string;
  /** Held while an action reads the latest state and appends its result. */
  lock: string;
}

export function storePaths(projectDir: string): StorePaths {
  const dir = path.join(projectDir, '.osmosis');
  return {
    dir,
    proposals: path.join(dir, 'proposals.jsonl'),
    audit: path.join(dir, 'audit.jsonl'),
    lock: path.join(dir, 'proposals.lock'),
  };
}
