/** A temp copy of fixtures/jaffle for enrichment tests, and the synthesis options they share. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SynthesisOptions } from '../../src/config/types.js';
import { DEFAULT_ENRICH_KEYS, DEFAULT_PII_CATEGORIES } from '../../src/enrich/types.js';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-llm-server.js';
import { fakeSynthesisOptions } from '../helpers/fake-llm-settings.js';
import { REPO_ROOT } from '../helpers/run-cli.js';

export const EXTRA_TAGS = ['finance', 'pii_reviewed'];

/** Copies the fixture into a new temp folder (listed in `temps`); `edit` rewrites one file's text. */
export function jaffleCopy(temps: string[], edits: { file: string; from: string; to: string }[] = []): { dir: string; cache: string } {
  const temp = mkdtempSync(path.join(tmpdir(), 'osmosis-enrich-'));
  temps.push(temp);
  const dir = path.join(temp, 'jaffle');
  cpSync(path.join(REPO_ROOT, 'fixtures/jaffle'), dir, { recursive: true });
  for (const edit of edits) {
    const file = path.join(dir, edit.file);
    const text = readFileSync(file, 'utf8');
    if (!text.includes(edit.from)) throw new Error(`${edit.file} does not contain ${JSON.stringify(edit.from)}`);
    writeFileSync(file, text.replace(edit.from, edit.to));
  }
  return { dir, cache: path.join(temp, 'cache.sqlite') };
}

export function enrichOptions(server: FakeLlmServer, cache: string, extra: Partial<SynthesisOptions> = {}): SynthesisOptions {
  return fakeSynthesisOptions(server, 'openai', {
    concurrency: 4,
    cachePath: cache,
    enrich: { fields: ['pii', 'tags', 'tests', 'purpose'], extraTags: EXTRA_TAGS, piiCategories: [...DEFAULT_PII_CATEGORIES], keys: DEFAULT_ENRICH_KEYS, styleExamples: true, apply: false },
    ...extra,
  });
}

/** One fake server for the test file, and the temp folders to remove after it. */
export function useFakeServer(): { server: () => FakeLlmServer; temps: string[] } {
  let server: FakeLlmServer | undefined;
  const temps: string[] = [];
  beforeAll(async () => {
    server = await startFakeLlmServer();
  });
  afterAll(async () => {
    await server?.close();
    for (const t of temps) rmSync(t, { recursive: true, force: true });
  });
  return {
    server: () => {
      if (server === undefined) throw new Error('the fake server starts in beforeAll');
      return server;
    },
    temps,
  };
}
