/** What the batch tests share: the CLI's environment per provider, a synchronous reference run, the submitted ids. */
import path from 'node:path';
import { expect } from 'vitest';
import type { FakeBatchServer } from '../helpers/fake-batch-server.js';
import type { FakeLlmServer } from '../helpers/fake-llm-server.js';
import { FAKE_API_KEY } from '../helpers/fake-llm-settings.js';
import { copyExample, runCliChild, tempDir, yamlTexts, type ProjectCopy } from '../cost-cache/cli-child.js';

export type Provider = 'openai' | 'anthropic';

export function envFor(provider: Provider, baseUrl: string, home: string): Record<string, string> {
  const common = { PATH: process.env['PATH'] ?? '', HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), NO_COLOR: '1' };
  return provider === 'openai'
    ? { ...common, LLM_PROVIDER: 'openai', OPENAI_API_KEY: FAKE_API_KEY, OPENAI_BASE_URL: `${baseUrl}/v1`, OPENAI_MODEL: 'gpt-4o-mini' }
    : { ...common, LLM_PROVIDER: 'anthropic', ANTHROPIC_API_KEY: FAKE_API_KEY, ANTHROPIC_BASE_URL: baseUrl, ANTHROPIC_MODEL: 'claude-3-5-haiku-latest' };
}

export const BATCH = ['--llm-batch', '--llm-batch-poll', '0.05'];

/** The YAML a synchronous run writes on a fresh copy of the demo project (or `copy`'s), and its request count. */
export async function synchronousRun(
  inner: FakeLlmServer,
  provider: Provider,
  copy: (home: string) => ProjectCopy = copyExample,
): Promise<{ yaml: Map<string, string>; requests: number }> {
  const home = tempDir();
  const { projectDir, args } = copy(home);
  const run = await runCliChild(['yaml', 'document', ...args, '--synthesize', '--format', 'json'], envFor(provider, inner.url, home), home);
  expect(run.code, run.stderr).toBe(0);
  const requests = inner.requests.length;
  inner.reset();
  return { yaml: yamlTexts(projectDir), requests };
}

/** Every custom id the fake received, in the order of the batches that carried them. */
export function customIds(batch: FakeBatchServer): string[] {
  return batch.batches.flatMap((b) => b.items.map((i) => i.customId));
}

export async function waitUntil(done: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
